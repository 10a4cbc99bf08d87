import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { it } from "node:test";
import { pathToFileURL } from "node:url";
import { projectRoot } from "../../src/notebook/params.js";
import { normalisationOf } from "../../src/fit/data.js";
import { WORKER_START_SECONDS, runPool, threadsFor } from "../../src/util/workers.js";
import { simulate } from "../fit/simulate.js";

// The bootstrap's worker module serves as the pool's test subject: its tasks are replicate fits.
const CALLER = new URL("../../src/inference/bootstrap.ts", import.meta.url).href;
const data = simulate(40, 5, { sigma: 0.1 });
const spec = {
  modelId: "7",
  fit: { estimator: "faithful" as const, delta: 0.0025 },
  norm: normalisationOf(data),
  numerical: false,
};
const all = Array.from({ length: 40 }, (_, i) => i);
const indices = Array.from({ length: 6 }, (_, r) => Uint32Array.from(all, (i) => (i * (r + 1)) % 40));

it("a task that throws rejects the run with its message, and the pool serves the next run", async () => {
  // Task 3 has no resample: its fit throws inside the worker.
  await assert.rejects(
    runPool(CALLER, "bootstrap-worker", 4, 2, { data, spec, indices: indices.slice(0, 3) }),
    /bootstrap-worker task 3/,
  );
  let seen = 0;
  const out = await runPool<{ objective: number }>(
    CALLER,
    "bootstrap-worker",
    6,
    2,
    { data, spec, indices },
    { onProgress: (d) => (seen = d) },
  );
  assert.equal(seen, 6);
  assert.equal(out.length, 6);
  assert.ok(out.every((r) => Number.isFinite(r.objective)));
  // In task order: the same results as running each task alone on one worker.
  const one = await runPool<{ objective: number }>(CALLER, "bootstrap-worker", 6, 1, { data, spec, indices });
  assert.deepEqual(out, one);
});

it("with as many tasks as workers, every worker gets one (none is left idle while another holds two)", async () => {
  const ids = await runPool<number>(import.meta.url, "thread-worker", 2, 2, {});
  assert.equal(new Set(ids).size, 2);
  const three = await runPool<number>(import.meta.url, "thread-worker", 3, 3, {});
  assert.equal(new Set(three).size, 3);
});

it("answers a promise when it settles; a rejected or unsendable task rejects the run", async () => {
  assert.deepEqual(await runPool<number>(import.meta.url, "async-worker", 4, 2, { mode: "async" }), [0, 2, 4, 6]);
  await assert.rejects(runPool(import.meta.url, "async-worker", 2, 1, { mode: "reject" }), /no task 0/);
  // A function cannot be cloned to the parent: reported as the task's error, the worker kept alive.
  await assert.rejects(runPool(import.meta.url, "async-worker", 1, 1, { mode: "function" }), /could not be cloned/);
  assert.deepEqual(await runPool<number>(import.meta.url, "async-worker", 2, 1, { mode: "async" }), [0, 2]);
});

it("one pool serves jobs of several task modules at once, each task answered by its own job", async () => {
  // Two jobs of different modules interleaved on the same two workers (a worker holding one
  // current job would answer one of them with the other's task function).
  // More tasks than the two in flight per worker, so tasks of each job are sent after the other's data.
  const [threads, doubled] = await Promise.all([
    runPool<number>(import.meta.url, "thread-worker", 10, 2, {}),
    runPool<number>(import.meta.url, "async-worker", 5, 2, { mode: "async" }),
  ]);
  assert.ok(threads.length === 10 && threads.every((t) => Number.isInteger(t) && t > 0));
  assert.deepEqual(doubled, [0, 2, 4, 6, 8]);
  // A module that exports no tasks is named in the error.
  await assert.rejects(runPool(import.meta.url, "no-tasks", 1, 1, {}), /no-tasks\.ts exports no tasks/);
});

it("a thread count that is not a positive integer is refused, not left to hang", async () => {
  for (const threads of [NaN, 0, 1.5])
    await assert.rejects(
      runPool(import.meta.url, "thread-worker", 2, threads, {}),
      /threads must be a positive integer/,
    );
  const data2 = simulate(40, 6, { sigma: 0.1 });
  const { bootstrap } = await import("../../src/inference/bootstrap.js");
  await assert.rejects(
    bootstrap(data2, { ...spec, norm: normalisationOf(data2) }, { B: 8, seed: 0, threads: NaN }),
    /threads must be a positive integer/,
  );
});

it("starts worker threads only when they save more time than starting them costs", () => {
  const S = WORKER_START_SECONDS;
  // Two cold threads finish S + w/2 seconds of work w: worth it only for w > 2S.
  assert.equal(threadsFor(1.9 * S, 2, 0), 1);
  assert.equal(threadsFor(2.1 * S, 2, 0), 2);
  // Warm workers cost nothing to start: any work is split.
  assert.equal(threadsFor(0.01, 2, 2), 2);
  // With four cores and 6S of work: 1 → 6S, 2 → 4S, 3 → 3S, 4 → 2.5S.
  assert.equal(threadsFor(6 * S, 4, 0), 4);
  assert.equal(threadsFor(6 * S, 1, 0), 1);
});

it("compiled workers start from a process run under tsx in a folder where tsx cannot be resolved", () => {
  // A notebook kernel started under tsx (the tests) changes to the notebooks' folder; workers it
  // starts from the compiled library must not inherit `--import tsx`.
  const dir = mkdtempSync(join(tmpdir(), "workers-cwd-"));
  const url = (...p: string[]) => JSON.stringify(pathToFileURL(join(projectRoot(), ...p)).href);
  const norm = { N0: 1e6, D0: 1e6, t0: 2012, C0: 6e12 };
  const script = [
    `const { bootstrap } = await import(${url("dist", "inference", "bootstrap.js")});`,
    `const { simulate } = await import(${url("test", "fit", "simulate.ts")});`,
    `process.chdir(${JSON.stringify(dir)});`,
    `const spec = { modelId: "7", fit: { estimator: "faithful", delta: 0.0025 }, norm: ${JSON.stringify(norm)} };`,
    `const data = simulate(60, 1, { sigma: 0.1 });`,
    `const b = await bootstrap(data, { ...spec, numerical: false }, { B: 4, seed: 0, threads: 2 });`,
    `console.log(b.threads, b.replicates.length);`,
  ].join("\n");
  writeFileSync(join(dir, "run.mjs"), script);
  try {
    const out = execFileSync(process.execPath, ["--import", "tsx", join(dir, "run.mjs")], {
      cwd: projectRoot(),
      encoding: "utf8",
    });
    assert.equal(out.trim(), "2 4");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

it("a task whose result is known is not sent, and each computed result is handed over as it arrives", async () => {
  // async-worker answers task id with 2·id; known ids answer −id without reaching a worker.
  const computed: [number, number][] = [];
  const progress: number[] = [];
  const out = await runPool<number>(
    import.meta.url,
    "async-worker",
    6,
    2,
    { mode: "async" },
    {
      known: (id) => (id % 3 === 1 ? -id : undefined),
      onComputed: (id, r) => computed.push([id, r]),
      onProgress: (d) => progress.push(d),
    },
  );
  assert.deepEqual(out, [0, -1, 4, 6, -4, 10]);
  assert.deepEqual(
    computed.sort((a, b) => a[0] - b[0]),
    [
      [0, 0],
      [2, 4],
      [3, 6],
      [5, 10],
    ],
  );
  assert.deepEqual(progress, [1, 2, 3, 4, 5, 6]);
  // Every result known: the run settles without a task sent.
  const none: number[] = [];
  const all = await runPool<number>(
    import.meta.url,
    "async-worker",
    3,
    2,
    { mode: "async" },
    {
      known: (id) => 10 + id,
      onComputed: (id) => none.push(id),
    },
  );
  assert.deepEqual(all, [10, 11, 12]);
  assert.deepEqual(none, []);
});

it("a callback that throws (a result that cannot be stored) rejects the run", async () => {
  const store = () => {
    throw new Error("disk full");
  };
  await assert.rejects(
    runPool(import.meta.url, "async-worker", 4, 2, { mode: "async" }, { onComputed: store }),
    /disk full/,
  );
  const lookup = () => {
    throw new Error("cannot read");
  };
  await assert.rejects(
    runPool(import.meta.url, "async-worker", 4, 2, { mode: "async" }, { known: lookup }),
    /cannot read/,
  );
  // The pool still serves the next run.
  assert.deepEqual(await runPool<number>(import.meta.url, "async-worker", 2, 2, { mode: "async" }), [0, 2]);
});
