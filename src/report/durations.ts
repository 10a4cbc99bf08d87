import { readFileSync } from "node:fs";

/**
 * Seconds per notebook from its last runs into one output folder (the report build's
 * `durations.json`); empty when the file is missing or is not a record of non-negative finite
 * numbers (a damaged file only loses the ordering it informs).
 *
 * @example
 * readDurations("report/dist/notebooks/durations.json"); // → { "01-data": 4.2, … }
 */
export function readDurations(file: string): Record<string, number> {
  const record = Object.create(null) as Record<string, number>;
  try {
    const d = JSON.parse(readFileSync(file, "utf8")) as unknown;
    if (typeof d !== "object" || d === null || Array.isArray(d)) return record;
    const ok = Object.values(d).every((v) => typeof v === "number" && Number.isFinite(v) && v >= 0);
    return ok ? Object.assign(record, d) : record;
  } catch {
    return record;
  }
}

/**
 * Indices of `names` in the order to start them: those never timed first, those with more heavy
 * cells (`heavy[i]`, see `heavyCells`) before the others, ties in their own order; then the timed
 * ones from the longest down (ties in their own order), so that on a few cores a long job does
 * not start last, on a fresh clone too.
 *
 * @example
 * longestFirst(["a", "b", "c", "d"], { a: 1, b: 30, d: 5 }); // → [2, 1, 3, 0]
 * longestFirst(["a", "b", "c"], {}, [0, 3, 1]); // → [1, 2, 0]
 */
export function longestFirst(names: string[], seconds: Record<string, number>, heavy: number[] = []): number[] {
  const expected = (i: number) => seconds[names[i]] ?? Infinity;
  const untimed = (i: number) => (expected(i) === Infinity ? (heavy[i] ?? 0) : 0);
  return names.map((_, i) => i).sort((a, b) => expected(b) - expected(a) || untimed(b) - untimed(a) || a - b);
}

/**
 * Heavy cells of a notebook: code cells that report their progress (`cellProgress`), as every
 * cell with a long computation does (README, "Opening the notebooks in Jupyter"). The report
 * build starts notebooks it has never timed by this count.
 *
 * @example
 * // chapter 3: the cells of its three cross-validation grids
 * heavyCells(readFileSync("notebooks/03-model-comparison.ipynb", "utf8")); // → 2
 */
export function heavyCells(notebookJson: string): number {
  const nb = JSON.parse(notebookJson) as { cells?: { cell_type?: string; source?: string | string[] }[] };
  const text = (s: string | string[] | undefined) => (Array.isArray(s) ? s.join("") : (s ?? ""));
  return (nb.cells ?? []).filter((c) => c.cell_type === "code" && /\bcellProgress\(/.test(text(c.source))).length;
}
