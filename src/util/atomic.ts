import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Write a file atomically: write a sibling temporary file, then rename it over the target, so an
 * interrupted run never leaves a half-written file (rename is atomic on one file system).
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Remove the temporary files (`<name>.<pid>.tmp`, or `.tmp.html`) that a killed process left in
 * `dir` (and, with `recursive`, its subfolders) before it could rename them; a file of a process
 * that is still running is left alone. Returns the removed files' paths, relative to `dir`.
 *
 * @example
 * removeStaleTemporaries("report/dist"); // → ["report.html.4242.tmp.html"] after a build killed mid-print
 */
export function removeStaleTemporaries(dir: string, recursive = false): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = join(dir, name);
    if (recursive && statSync(file).isDirectory()) {
      removed.push(...removeStaleTemporaries(file, true).map((f) => join(name, f)));
      continue;
    }
    const m = /\.(\d+)\.tmp(\.html)?$/.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}

/** Whether a process with this id exists (one of another user counts: it answers EPERM). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}
