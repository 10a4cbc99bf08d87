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
 * Indices of `names` in the order to start them: those never timed first, in their own order,
 * then the timed ones from the longest down (ties in their own order), so that on a few cores a
 * long job does not start last.
 *
 * @example
 * longestFirst(["a", "b", "c", "d"], { a: 1, b: 30, d: 5 }); // → [2, 1, 3, 0]
 */
export function longestFirst(names: string[], seconds: Record<string, number>): number[] {
  const expected = (i: number) => seconds[names[i]] ?? Infinity;
  return names.map((_, i) => i).sort((a, b) => expected(b) - expected(a) || a - b);
}
