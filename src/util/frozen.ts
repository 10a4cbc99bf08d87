/**
 * `x` with every array and plain object reachable from it frozen (in place), for the library's
 * constants and records: a caller that tries to change one throws (or, in sloppy code, changes
 * nothing) instead of changing it for every later caller — and for every later notebook, since a
 * report build runs several notebooks in one process (src/notebook/run.ts). Typed arrays cannot
 * be frozen; none is reachable from what this is used on.
 *
 * @example
 * const grid = frozen([0, 0.001]);
 * Object.isFrozen(grid); // → true
 * // grid.push(0.01) throws a TypeError
 */
export function frozen<T>(x: T): T {
  if (x !== null && typeof x === "object" && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) frozen(v);
  }
  return x;
}
