import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { it } from "node:test";
import { cvSetup } from "../../src/cv/crossval.js";
import { cvGrid } from "../../src/cv/grid.js";
import { type FitData, normalisationOf } from "../../src/fit/data.js";
import { fitDesign } from "../../src/fit/estimators.js";
import { buildDesign, model } from "../../src/fit/models.js";
import { halvingProfile, ridgeGrid } from "../../src/identify/profile.js";
import { bootstrap } from "../../src/inference/bootstrap.js";
import { clusteredHalving } from "../../src/robustness/checks.js";
import { halvings } from "../../src/robustness/halving.js";
import {
  CACHE_ENV,
  cachedResult,
  contentDigest,
  libraryIdentity,
  pruneResultCache,
  resultCacheStats,
  storeCachedResult,
  treeHash,
} from "../../src/util/result-cache.js";
import { tempDir } from "../fixtures/sheets.js";
import { simulate } from "../fit/simulate.js";

/** Run `f` with the cache in a fresh folder (the variable is restored afterwards). */
async function withCache<T>(f: (dir: string) => Promise<T>): Promise<T> {
  const dir = tempDir("cache-");
  process.env[CACHE_ENV] = dir;
  try {
    return await f(dir);
  } finally {
    delete process.env[CACHE_ENV];
  }
}

it("computes every time when no cache folder is set", async () => {
  let runs = 0;
  await cachedResult("k", [1], () => ++runs);
  await cachedResult("k", [1], () => ++runs);
  assert.equal(runs, 2);
});

it("reuses a stored result bit for bit (NaN, −0, typed arrays) and computes for any other key", async () => {
  await withCache(async () => {
    let runs = 0;
    const value = () => (runs++, { x: new Float64Array([0.1 + 0.2, NaN, -0, 1e-310]), n: [Infinity] });
    const first = await cachedResult("k", [new Float64Array([1, 2]), "a"], value);
    const again = await cachedResult("k", [new Float64Array([1, 2]), "a"], value);
    assert.equal(runs, 1);
    assert.deepEqual(again, first);
    assert.ok(again.x instanceof Float64Array);
    assert.ok(Object.is(again.x[2], -0) && Number.isNaN(again.x[1]));
    await cachedResult("k", [new Float64Array([1, 2.0000000000000004]), "a"], value); // one ulp apart
    await cachedResult("k", [new Float64Array([1, 2]), "b"], value);
    await cachedResult("other", [new Float64Array([1, 2]), "a"], value);
    assert.equal(runs, 4);
  });
});

it("computes again, and replaces, an entry that does not read back", async () => {
  await withCache(async (dir) => {
    let runs = 0;
    await cachedResult("k", [7], () => ++runs);
    const [lib] = readdirSync(dir);
    const [entry] = readdirSync(join(dir, lib, "k"));
    writeFileSync(join(dir, lib, "k", entry), "not a serialised value");
    assert.equal(await cachedResult("k", [7], () => ++runs), 2);
    assert.equal(await cachedResult("k", [7], () => ++runs), 2);
  });
});

it("pruning keeps one library version's entries and removes the others", () => {
  const dir = tempDir("cache-");
  for (const v of ["aaa", "bbb", "ccc"]) mkdirSync(join(dir, v, "k"), { recursive: true });
  assert.deepEqual(pruneResultCache(dir, "bbb"), ["aaa", "ccc"]);
  assert.deepEqual(readdirSync(dir), ["bbb"]);
  assert.deepEqual(pruneResultCache(join(dir, "missing")), []);
});

it("pruning removes the temporary file of an entry whose writer was killed, not one still being written", () => {
  const dir = tempDir("cache-");
  const kind = join(dir, "bbb", "bootstrap");
  mkdirSync(kind, { recursive: true });
  // 2^22 + 1 is above Linux's largest process id (pid_max ≤ 2^22): no process has it.
  writeFileSync(join(kind, `e1.v8.${2 ** 22 + 1}.tmp`), "half an entry");
  writeFileSync(join(kind, `e2.v8.${process.pid}.tmp`), "being written");
  writeFileSync(join(kind, "e3.v8"), "an entry");
  assert.deepEqual(pruneResultCache(dir, "bbb"), [join("bbb", "bootstrap", `e1.v8.${2 ** 22 + 1}.tmp`)]);
  assert.deepEqual(readdirSync(kind), ["e2.v8." + process.pid + ".tmp", "e3.v8"]);
});

it("a library's identity follows its files' contents (not source maps) and the V8 engine that runs it", async () => {
  const lib = tempDir("lib-");
  writeFileSync(join(lib, "a.js"), "export const a = 1;\n");
  const before = treeHash(lib);
  writeFileSync(join(lib, "a.js.map"), "{}");
  assert.equal(treeHash(lib), before, "a source map does not run");
  writeFileSync(join(lib, "a.js"), "export const a = 2;\n");
  assert.notEqual(treeHash(lib), before);
  const expected = createHash("sha256").update(treeHash(lib)).update("\0v8 ").update(process.versions.v8);
  assert.equal(libraryIdentity(lib), expected.digest("hex"));
  // The cache's folder is the running library's identity (src/ under tsx).
  await withCache(async (dir) => {
    await cachedResult("k", [1], () => 1);
    assert.deepEqual(readdirSync(dir), [libraryIdentity(new URL("../../src", import.meta.url).pathname)]);
  });
});

const data: FitData = simulate(80, 3, { sigma: 0.1 });
const norm = normalisationOf(data);

it("a bootstrap is reused with the same inputs (a faithful fit's starts and seed do not enter its key)", async () => {
  const spec = { modelId: "7", fit: { estimator: "faithful" as const, delta: 0.0025 }, norm, numerical: false };
  const fresh = await bootstrap(data, spec, { B: 6, seed: 2, threads: 1 });
  await withCache(async () => {
    const stored = await bootstrap(data, spec, { B: 6, seed: 2, threads: 1 });
    const before = resultCacheStats.hits;
    const reused = await bootstrap(data, { ...spec, fit: { ...spec.fit, starts: 4, seed: 9 } }, { B: 6, seed: 2 });
    assert.equal(resultCacheStats.hits, before + 1);
    assert.deepEqual(reused.replicates, fresh.replicates);
    assert.deepEqual(stored.replicates, fresh.replicates);
    assert.match(reused.plan, /^reused from the result cache \(computed on 1 thread \(as asked\)\)$/);
    const other = await bootstrap(data, spec, { B: 6, seed: 3, threads: 1 });
    assert.equal(resultCacheStats.hits, before + 1, "another seed is another bootstrap");
    assert.notDeepEqual(other.replicates, fresh.replicates);
  });
});

it("a bootstrap stored with or without numerical doubling times serves a run that asks otherwise", async () => {
  const spec = { modelId: "7", fit: { estimator: "faithful" as const, delta: 0.0025 }, norm, numerical: false };
  const numerical = { ...spec, numerical: true };
  const plain = await bootstrap(data, spec, { B: 5, seed: 4, threads: 1 });
  const withDoublings = await bootstrap(data, numerical, { B: 5, seed: 4, threads: 1 });
  assert.ok(withDoublings.replicates.every((r) => r.numerical.length === 1 && Number.isFinite(r.numerical[0])));
  for (const [first, then, expected] of [
    [spec, numerical, withDoublings],
    [numerical, spec, plain],
  ] as const)
    await withCache(async () => {
      await bootstrap(data, first, { B: 5, seed: 4, threads: 1 });
      const hits = resultCacheStats.hits;
      const reused = await bootstrap(data, then, { B: 5, seed: 4, threads: 1 });
      assert.equal(resultCacheStats.hits, hits + 1, "the fits are reused");
      assert.deepEqual(reused.replicates, expected.replicates, "the doubles a fresh run gives");
    });
});

/** The cross-validation entries stored in cache folder `dir`. */
function cvEntries(dir: string): number {
  const [lib] = readdirSync(dir);
  return lib === undefined ? 0 : readdirSync(join(dir, lib, "cv")).filter((f) => f.endsWith(".v8")).length;
}

it("a grid of cross-validations computes only the combinations not scored before, in the grid's order", async () => {
  const o = { protocol: "kfold" as const, models: ["7", "2"], threads: 1 };
  const fresh = await cvGrid(data, { ...o, deltas: [0, 0.0025] });
  await withCache(async (dir) => {
    await cvGrid(data, { ...o, deltas: [0.0025] });
    assert.equal(cvEntries(dir), 2);
    const { hits } = resultCacheStats;
    const done: number[] = [];
    const grid = await cvGrid(data, { ...o, deltas: [0, 0.0025], onProgress: (k) => done.push(k) });
    assert.equal(resultCacheStats.hits - hits, 2);
    assert.equal(cvEntries(dir), 4, "two combinations computed and stored");
    assert.deepEqual(grid, fresh);
    assert.deepEqual(done, [3, 4], "progress counts the reused combinations as done");
  });
});

for (const threads of [1, 2]) {
  const title =
    "a grid stores each combination as it completes and reuses one stored meanwhile " +
    (threads === 1 ? "(one thread)" : "(two threads)");
  it(title, async () => {
    // Six combinations; after the first completes, "another notebook" stores the last one (a
    // recognisable score, not computed here): the grid returns it instead of computing it.
    const o = { protocol: "kfold" as const, models: ["7", "2", "13"], deltas: [0, 0.0025], threads };
    const fresh = await cvGrid(data, o);
    await withCache(async (dir) => {
      const stored: number[] = [];
      const planted = { ...fresh[5], mse: 12345 };
      const grid = await cvGrid(data, {
        ...o,
        onProgress: (k) => {
          stored.push(cvEntries(dir));
          // The grid's key: its setup's digest and the combination (src/cv/grid.ts).
          const setup = contentDigest("cv-setup", cvSetup(data, "kfold", "faithful", 1));
          if (k === 1) storeCachedResult("cv", [setup, ["13", 0.0025]], planted);
        },
      });
      // Each computed combination is stored before its progress is reported. With two threads, four
      // are in flight when the last is planted, and the last is settled as soon as it is reached.
      const expected = threads === 1 ? [1, 3, 4, 5, 6, 6] : [1, 3, 3, 4, 5, 6];
      assert.deepEqual(stored, expected, "stored one by one, not at the end");
      assert.deepEqual(grid.slice(0, 5), fresh.slice(0, 5));
      assert.deepEqual(grid[5], planted, "the combination stored meanwhile is not computed");
    });
  });
}

it("the ridge grid, halving profile and clustered bootstrap are reused bit for bit, else computed", async () => {
  const small = simulate(60, 5, { sigma: 0.15 });
  const design = buildDesign(model("7"), small, normalisationOf(small));
  const start = fitDesign(design, small.y, { estimator: "penalized", delta: 0.0025, starts: 1 }).theta;
  const grid = (b: number[]) => ridgeGrid(design, small.y, 0.0025, start, [-0.01, 0.01], b);
  const profile = (g: number[]) => halvingProfile(design, small.y, 0.0025, start, g);
  const all = async () => ({
    ridge: grid([0.02, 0.04]),
    profile: profile([0.5, 1]),
    clustered: await clusteredHalving(small, 3, 1, 1),
  });
  const fresh = await all();
  await withCache(async () => {
    await all();
    const { hits, misses } = resultCacheStats;
    assert.deepEqual(await all(), fresh);
    assert.equal(resultCacheStats.hits - hits, 3);
    grid([0.02, 0.05]);
    profile([0.5, 1.1]);
    await clusteredHalving(small, 3, 2, 1);
    assert.equal(resultCacheStats.misses - misses, 3, "another grid, another seed: computed");
  });
});

it("a worker thread started before the cache folder was set stores its results there too", async () => {
  // Warm the pool with no cache set (as a runner's earlier notebook, or a kernel's earlier cell, does).
  const jobs = [0.0025, 0.01, 0.02].map((delta) => ({ data, modelId: "7", delta }));
  const opts = { estimator: "faithful" as const, B: 4, seed: 5, starts: 1 };
  const fresh = await halvings(jobs, opts, undefined, 2);
  await withCache(async (dir) => {
    // Job 0 runs in this thread, jobs 1 and 2 in workers: three bootstraps stored.
    assert.deepEqual(await halvings(jobs, opts, undefined, 2), fresh);
    const [lib] = readdirSync(dir);
    assert.equal(readdirSync(join(dir, lib, "bootstrap")).length, 3);
  });
});
