import { SHARE_ENV, Worker, parentPort } from "node:worker_threads";

/**
 * Start a worker thread on a module next to the caller (`new URL("./x-worker.js", import.meta.url)`
 * passed without extension handling). Under tsx (tests, benches) modules are .ts files, and a
 * worker does not inherit tsx's loader, so the worker first registers it and then imports the file.
 */
export function startWorker(callerUrl: string, name: string, workerData?: unknown): Worker {
  const fromSource = callerUrl.endsWith(".ts");
  const url = new URL(`./${name}.${fromSource ? "ts" : "js"}`, callerUrl);
  // Workers see the process's environment as it is now, not a copy from when they started: one
  // pool serves every notebook a runner executes (and every cell of a kernel), and a worker that
  // runs a bootstrap looks up the result cache that the notebook running now has set.
  // A compiled worker needs no loader: drop tsx from the flags it would inherit (a notebook kernel
  // started under tsx runs in a folder from which tsx cannot be resolved).
  if (!fromSource) return new Worker(url, { workerData, env: SHARE_ENV, execArgv: withoutTsx(process.execArgv) });
  const code =
    `import("tsx/esm/api").then(({ register }) => { register(); return ` + `import(${JSON.stringify(url.href)}); })`;
  return new Worker(code, { eval: true, workerData, env: SHARE_ENV });
}

/** Node flags without `--import tsx` (in either spelling). */
function withoutTsx(argv: string[]): string[] {
  return argv.filter(
    (a, i) =>
      !(
        a === "--import=tsx" ||
        (a === "--import" && argv[i + 1] === "tsx") ||
        (a === "tsx" && argv[i - 1] === "--import")
      ),
  );
}

/** Messages between `runPool` and the task host (`hostTasks`). */
type ToWorker =
  | { type: "job"; job: number; module: string; shared: unknown }
  | { type: "task"; job: number; id: number }
  | { type: "end"; job: number };
type FromWorker = { job: number; id: number; result?: unknown; error?: string };

/**
 * What a task module exports as `tasks`: a function that turns a job's shared data into a task
 * function, whose results (awaited when it returns a promise) go back to `runPool` in task order.
 */
export type TaskSetup = (shared: never) => (id: number) => unknown;

/**
 * The body of every worker thread this library starts (util/task-host.ts): it serves the jobs of
 * every task module (cross-validation, bootstraps, halving times, clustered and saturating fits),
 * importing each module on its first job. One pool of warm workers thus serves a whole process: a
 * pool per module had started six workers in chapter 5, each paying its start-up and its JIT
 * warm-up, and each kept a cell waiting for it.
 */
export function hostTasks(): void {
  const modules = new Map<string, Promise<TaskSetup>>();
  const jobs = new Map<number, Promise<(id: number) => unknown>>();
  const setupOf = (module: string) => {
    let setup = modules.get(module);
    if (!setup) {
      setup = import(module).then((m: { tasks?: TaskSetup }) => {
        if (typeof m.tasks !== "function") throw new Error(`${module} exports no tasks`);
        return m.tasks;
      });
      modules.set(module, setup);
    }
    return setup;
  };
  parentPort!.on("message", (m: ToWorker) => {
    if (m.type === "job")
      jobs.set(
        m.job,
        setupOf(m.module).then((setup) => setup(m.shared as never)),
      );
    else if (m.type === "end") jobs.delete(m.job);
    else {
      const run = jobs.get(m.job);
      // A task may return a promise (a bootstrap): its result is sent when it settles.
      Promise.resolve()
        .then(() => {
          if (!run) throw new Error(`task for job ${m.job} before its data`);
          return run;
        })
        .then((task) => task(m.id))
        // Sending is inside the chain, so a result that cannot be sent (not cloneable) is reported too.
        .then((result) => parentPort!.postMessage({ job: m.job, id: m.id, result } satisfies FromWorker))
        .catch((e: unknown) =>
          parentPort!.postMessage({
            job: m.job,
            id: m.id,
            error: e instanceof Error ? (e.stack ?? e.message) : String(e),
          } satisfies FromWorker),
        );
    }
  });
}

/** This process's task hosts, reused across calls (a fresh worker spends its first fits compiling). */
const pool: Worker[] = [];
/** Jobs running on each worker: it keeps the process alive while any does. */
const busy = new Map<Worker, number>();
let jobs = 0;

/** Workers already running in this process (started by an earlier `runPool`, whatever its tasks). */
export function liveWorkers(): number {
  return pool.length;
}

/**
 * Wall time to start a worker thread and compile its code before its first task runs, measured on
 * this 2-core machine (`npm run bench -- bootstrap`: the first parallel call against a warm one).
 */
export const WORKER_START_SECONDS = 0.4;

/**
 * How many threads a job of `seconds` of single-threaded work should run on, given `maxThreads`
 * and `warm` workers already running: more threads only when the time they save exceeds what
 * starting the cold ones costs (T threads finish in start + seconds/T instead of seconds).
 *
 * @example
 * threadsFor(0.3, 2, 0); // 1: starting a worker would cost more than it saves
 * threadsFor(5, 2, 0); // 2
 */
export function threadsFor(seconds: number, maxThreads: number, warm: number): number {
  let best = 1;
  let bestTime = seconds;
  for (let t = 2; t <= maxThreads; t++) {
    const time = (t > warm ? WORKER_START_SECONDS : 0) + seconds / t;
    if (time < bestTime) [best, bestTime] = [t, time];
  }
  return best;
}

function workersFor(threads: number): Worker[] {
  while (pool.length < threads) {
    const w = startWorker(import.meta.url, "task-host");
    w.unref(); // an idle pool does not keep the process alive
    w.on("exit", () => {
      if (pool.includes(w)) pool.splice(pool.indexOf(w), 1);
      busy.delete(w);
    });
    pool.push(w);
  }
  return pool.slice(0, threads);
}

/** What `runPool` reports as it goes, and results it need not compute. */
export interface PoolOptions<R> {
  /** Called with the number of tasks done (computed or known) after each one. */
  onProgress?: (done: number) => void;
  /**
   * A task's result when it is already known (a content-keyed cache entry that another notebook
   * stored meanwhile): asked just before the task would be sent, and a known task is not sent.
   */
  known?: (id: number) => R | undefined;
  /** Called with each computed result as its worker returns it (not for known ones). */
  onComputed?: (id: number, result: R) => void;
}

/**
 * Run tasks 0…n−1 of task module `name` (next to the caller; it exports `tasks`, a `TaskSetup`) on
 * `threads` of this process's worker threads. Each worker receives `shared` once, then task ids
 * one at a time as it finishes the previous one (so a slow task or a cold worker does not hold up
 * the rest). Results come back in task order whatever the number of threads or the scheduling; a
 * task that throws rejects the whole run with its worker's stack. See `PoolOptions` for progress,
 * results known before they are sent, and results as they arrive.
 *
 * @example
 * // next to the caller, cv-worker.js exports `tasks`; `combos` are the (model, δ) pairs to score
 * const scores = await runPool<CvScore>(import.meta.url, "cv-worker", combos.length, 2, { setup, combos },
 *   { onProgress: (done) => console.log(`${done}/${combos.length}`) });
 */
export function runPool<R>(
  callerUrl: string,
  name: string,
  n: number,
  threads: number,
  shared: Record<string, unknown>,
  o: PoolOptions<R> = {},
): Promise<R[]> {
  // A NaN or fractional thread count would start no worker and never settle: refuse it.
  if (!(Number.isInteger(threads) && threads >= 1))
    return Promise.reject(new Error(`${name}: threads must be a positive integer, got ${threads}`));
  const out: R[] = new Array(n);
  if (n === 0) return Promise.resolve(out);
  const job = ++jobs;
  const module = new URL(`./${name}.${callerUrl.endsWith(".ts") ? "ts" : "js"}`, callerUrl).href;
  const workers = workersFor(Math.min(threads, n));
  return new Promise<R[]>((resolve, reject) => {
    let next = 0;
    let done = 0;
    let finished = false;
    const detach: (() => void)[] = [];
    const senders: (() => void)[] = [];
    const finish = (err?: Error) => {
      if (finished) return;
      finished = true;
      for (const d of detach) d();
      if (err) reject(err);
      else resolve(out);
    };
    const settled = () => {
      done++; // not inside onProgress?.(…): its argument is not evaluated when there is no callback
      o.onProgress?.(done);
      if (done === n) finish();
    };
    for (const w of workers) {
      // The next task whose result is not known, to this worker; known ones are settled on the way.
      // A callback that throws (a cache entry that cannot be written) rejects the run.
      const send = () => {
        try {
          while (next < n && !finished) {
            const id = next++;
            const known = o.known?.(id);
            if (known === undefined) return void w.postMessage({ type: "task", job, id } satisfies ToWorker);
            out[id] = known;
            settled();
          }
        } catch (e) {
          finish(e instanceof Error ? e : new Error(String(e)));
        }
      };
      const onMessage = (m: FromWorker) => {
        if (m.job !== job) return;
        if (m.error !== undefined) return finish(new Error(`${name} task ${m.id}: ${m.error}`));
        out[m.id] = m.result as R;
        try {
          o.onComputed?.(m.id, m.result as R);
          settled();
        } catch (e) {
          return finish(e instanceof Error ? e : new Error(String(e)));
        }
        send();
      };
      const onError = (e: Error) => finish(e);
      const onExit = (code: number) => finish(new Error(`${name} worker exited with code ${code}`));
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
      // Keep the process alive while this job (or another on the same worker) runs.
      busy.set(w, (busy.get(w) ?? 0) + 1);
      w.ref();
      detach.push(() => {
        w.off("message", onMessage).off("error", onError).off("exit", onExit);
        const left = (busy.get(w) ?? 1) - 1;
        busy.set(w, left);
        if (left === 0) w.unref();
        // The worker lets go of the job's data (a worker that has exited ignores the message).
        w.postMessage({ type: "end", job } satisfies ToWorker);
      });
      w.postMessage({ type: "job", job, module, shared } satisfies ToWorker);
      senders.push(send);
    }
    // Two tasks in flight per worker hide the round trip of each result; the first round goes to
    // every worker before the second (with as few tasks as workers, each worker gets one).
    for (const send of senders) send();
    for (const send of senders) send();
  });
}
