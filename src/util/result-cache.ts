import { createHash } from "node:crypto";
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { removeStaleTemporaries, writeFileAtomic } from "./atomic.js";

/**
 * Environment variable naming the folder of the result cache (docs/method.md §11). Unset — the
 * default for the library, the CLI and tests — nothing is cached and every result is computed.
 * The report build sets it for its notebooks, and the Jupyter kernel this project installs
 * points at the same folder, so a notebook opened after a build reuses the build's results.
 */
export const CACHE_ENV = "ALGOPROGRESS_CACHE";

/**
 * Hash of every file under `dir` (relative names and contents, in sorted order); source maps and
 * build records are left out (they do not run).
 *
 * @example
 * treeHash("src").length; // → 64
 */
export function treeHash(dir: string): string {
  const h = createHash("sha256");
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!/\.(map|tsbuildinfo)$|\.build-hash$/.test(p)) h.update(relative(dir, p)).update(readFileSync(p));
    }
  };
  walk(dir);
  return h.digest("hex");
}

/**
 * What a result computed by the library in `dir` depends on besides its inputs: the library's
 * files (`treeHash`) and the V8 engine that runs them (its Math.exp, Math.log… give the doubles).
 * Names the cache's folder of that library version; the report build keys notebooks by it too.
 *
 * @example
 * libraryIdentity("dist").length; // → 64
 */
export function libraryIdentity(dir: string): string {
  return createHash("sha256").update(treeHash(dir)).update("\0v8 ").update(process.versions.v8).digest("hex");
}

/** Identity of the library that is running (its `dist` or, under tsx, its `src`), computed once per process. */
let libraryHash: string | null = null;
function runningLibrary(): string {
  return (libraryHash ??= libraryIdentity(dirname(dirname(fileURLToPath(import.meta.url)))));
}

/** Reused and computed results of this process (for logs and tests). */
export const resultCacheStats = { hits: 0, misses: 0 };

/** The entry of `kind` and `key` for the running library, or null without a cache folder. */
function entryFile(kind: string, key: unknown): string | null {
  const dir = process.env[CACHE_ENV];
  if (!dir) return null;
  return join(dir, runningLibrary(), kind, `${contentDigest(kind, key)}.v8`);
}

/**
 * A digest of `key`'s content (typed arrays, numbers, strings, plain records; V8's structured
 * clone) under `kind`: equal inputs give equal digests, so it names a result by what it is computed
 * from (the cache's entries; the jobs `halvings` estimates once). Distinct values never serialise
 * alike, so two different inputs never share a digest; the same number held as a small integer or
 * as a double may serialise differently, which costs a recomputation, never a wrong result.
 *
 * @example
 * const key = [Float64Array.of(1, 2), "7"];
 * contentDigest("halving", key) === contentDigest("halving", [Float64Array.of(1, 2), "7"]); // → true
 */
export function contentDigest(kind: string, key: unknown): string {
  return createHash("sha256").update(kind).update("\0").update(serialize(key)).digest("hex");
}

/**
 * The result stored for `kind` and `key` by an earlier run of the same library code, or undefined
 * (none stored, no cache folder set, or an entry that does not read back). See `cachedResult`.
 *
 * @example
 * // ALGOPROGRESS_CACHE unset: nothing is ever stored.
 * readCachedResult("square", [3]); // → undefined
 */
export function readCachedResult<T>(kind: string, key: unknown): T | undefined {
  const file = entryFile(kind, key);
  if (file === null || !existsSync(file)) return (resultCacheStats.misses++, undefined);
  try {
    const stored = deserialize(readFileSync(file)) as T;
    resultCacheStats.hits++;
    return stored;
  } catch {
    // An entry that does not read back (damaged, cut short) is computed again.
    resultCacheStats.misses++;
    return undefined;
  }
}

/**
 * Store `result` for `kind` and `key` (atomically; nothing without a cache folder). See `cachedResult`.
 *
 * @example
 * storeCachedResult("square", [3], 9); // ALGOPROGRESS_CACHE unset: writes nothing
 */
export function storeCachedResult(kind: string, key: unknown, result: unknown): void {
  const file = entryFile(kind, key);
  if (file !== null) writeFileAtomic(file, serialize(result));
}

/**
 * `compute()`'s result, or the result stored for the same `kind` and `key` by an earlier run of the
 * same library code (§11). The key is the content of every input the result depends on (typed
 * arrays, numbers, strings; no functions), serialised with V8's structured clone, so equal inputs
 * give the same entry and any difference gives another; the library's own files are part of the
 * key, so a change of code never reuses an old result. Results round-trip exactly (doubles, NaN,
 * typed arrays), so a reused result is the computed one bit for bit. Entries are written
 * atomically; one that cannot be read is computed again and replaced. Without `ALGOPROGRESS_CACHE`
 * this is `compute()`.
 *
 * @example
 * // ALGOPROGRESS_CACHE unset: computed every time.
 * await cachedResult("square", [3], () => 9); // → 9
 */
export async function cachedResult<T>(kind: string, key: unknown, compute: () => T | Promise<T>): Promise<T> {
  const stored = readCachedResult<T>(kind, key);
  if (stored !== undefined) return stored;
  const result = await compute();
  storeCachedResult(kind, key, result);
  return result;
}

/**
 * `cachedResult` for a computation that is not asynchronous (a grid of fits run in this thread).
 *
 * @example
 * cachedResultSync("square", [3], () => 9); // → 9
 */
export function cachedResultSync<T>(kind: string, key: unknown, compute: () => T): T {
  const stored = readCachedResult<T>(kind, key);
  if (stored !== undefined) return stored;
  const result = compute();
  storeCachedResult(kind, key, result);
  return result;
}

/**
 * Remove the cache entries of every library version but `keep` (a `libraryIdentity`; default the
 * running library's): no other version's results can be reused. In the kept version's folder,
 * remove the temporary files of entries whose writer was killed before it renamed them (see
 * `writeFileAtomic`). Returns what was removed, relative to `dir`.
 *
 * @example
 * pruneResultCache("report/dist/cache"); // → [] (nothing to remove)
 */
export function pruneResultCache(dir: string, keep = runningLibrary()): string[] {
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === keep) removed.push(...removeStaleTemporaries(join(dir, name), true).map((f) => join(name, f)));
    else {
      rmSync(join(dir, name), { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}
