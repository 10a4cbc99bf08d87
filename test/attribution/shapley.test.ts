import assert from "node:assert/strict";
import { it } from "node:test";
import { oneAtATimeValues, shapleyValues } from "../../src/attribution/shapley.js";

/** Brute force over all k! orderings, the textbook definition. */
function byOrderings(v: (s: number) => number, k: number): number[] {
  const phi = new Array<number>(k).fill(0);
  const perms: number[][] = [];
  const rec = (p: number[], rest: number[]): void => {
    if (rest.length === 0) perms.push(p);
    else
      rest.forEach((r, i) =>
        rec(
          [...p, r],
          rest.filter((_, j) => j !== i),
        ),
      );
  };
  rec([], [...Array(k).keys()]);
  for (const p of perms) {
    let s = 0;
    for (const i of p) {
      phi[i] += (v(s | (1 << i)) - v(s)) / perms.length;
      s |= 1 << i;
    }
  }
  return phi;
}

const game = (s: number) =>
  Math.exp(0.3 * (s & 1) - 0.7 * ((s >> 1) & 1)) * (1 + ((s >> 2) & 1)) + 2 * ((s >> 3) & 1) * ((s >> 1) & 1);

it("equals the average over all orderings and is efficient", () => {
  const phi = shapleyValues(game, 4);
  byOrderings(game, 4).forEach((p, i) => assert.ok(Math.abs(p - phi[i]) < 1e-12));
  assert.ok(Math.abs(phi.reduce((a, b) => a + b, 0) - (game(15) - game(0))) < 1e-12);
});

it("gives a player that changes nothing 0, and symmetric players equal values", () => {
  const phi = shapleyValues((s) => ((s & 1) + ((s >> 2) & 1)) ** 2, 3); // player 1 is null; 0 and 2 symmetric
  assert.equal(phi[1], 0);
  assert.ok(Math.abs(phi[0] - phi[2]) < 1e-15);
});

it("the one-at-a-time variant (Q11) differs from Shapley when players interact", () => {
  const v = (s: number) => (s & 1) * ((s >> 1) & 1); // pure interaction
  assert.deepEqual(oneAtATimeValues(v, 2), [0, 0]);
  assert.deepEqual(shapleyValues(v, 2), [0.5, 0.5]);
});
