/**
 * Exact Shapley values of a cooperative game with k players (docs/method.md §5.5): the average over
 * all k! orderings of each player's marginal contribution, computed by the equivalent subset
 * formula φ_i = Σ_{S ⊆ N∖{i}} |S|!(k−|S|−1)!/k! · (v(S ∪ {i}) − v(S)). `v` takes a coalition as
 * a bit mask (bit i set = player i at its "later" value). k ≤ 20.
 */
export function shapleyValues(v: (coalition: number) => number, k: number): number[] {
  if (k < 1 || k > 20) throw new Error(`shapleyValues: k = ${k} players is out of range 1..20`);
  const n = 1 << k;
  const value = new Float64Array(n);
  for (let s = 0; s < n; s++) value[s] = v(s);
  const fact = [1];
  for (let i = 1; i <= k; i++) fact[i] = fact[i - 1] * i;
  const phi = new Array<number>(k).fill(0);
  for (let s = 0; s < n; s++) {
    let size = 0;
    for (let x = s; x; x &= x - 1) size++;
    const w = (fact[size] * fact[k - size - 1]) / fact[k];
    for (let i = 0; i < k; i++) if (!(s & (1 << i))) phi[i] += w * (value[s | (1 << i)] - value[s]);
  }
  return phi;
}

/**
 * The authors' model-13 "Shapley" (docs/method.md Q11): the coalition never advances within an ordering,
 * so every ordering gives each player its one-at-a-time deviation v({i}) − v(∅). Not a Shapley
 * value (the shares need not sum to 1); provided to show the difference.
 */
export function oneAtATimeValues(v: (coalition: number) => number, k: number): number[] {
  const base = v(0);
  return Array.from({ length: k }, (_, i) => v(1 << i) - base);
}

/** Shares φ_i / (v(all) − v(none)); they sum to 1 for true Shapley values (efficiency). */
export function shares(phi: number[], total: number): number[] {
  return phi.map((p) => p / total);
}
