// Static variable order for configuration problems: FORCE (Aloul, Markov & Sakallah 2003).
// Features that share rules are pulled together: each rule's centre of gravity is the mean
// position of its features, each feature moves to the mean centre of its rules; repeat and
// keep the order with the smallest total span (Σ over rules of last − first position).
// Deterministic: starts from the declared order, ties keep declared order.

/** Returns `order[level] = feature`. `scopes` are the feature sets of the rules. */
export function forceOrder(nfeatures: number, scopes: number[][], iterations = 60): number[] {
  const edges = scopes.filter((s) => s.length > 1);
  let order = Array.from({ length: nfeatures }, (_, i) => i);
  if (edges.length === 0) return order;
  const pos = new Float64Array(nfeatures);
  const setPos = (o: number[]) => o.forEach((f, i) => (pos[f] = i));
  const span = (): number => {
    let total = 0;
    for (const e of edges) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const f of e) {
        lo = Math.min(lo, pos[f]!);
        hi = Math.max(hi, pos[f]!);
      }
      total += hi - lo;
    }
    return total;
  };
  setPos(order);
  let best = order.slice();
  let bestSpan = span();
  const sum = new Float64Array(nfeatures);
  const cnt = new Float64Array(nfeatures);
  for (let it = 0; it < iterations; it++) {
    sum.fill(0);
    cnt.fill(0);
    for (const e of edges) {
      let c = 0;
      for (const f of e) c += pos[f]!;
      c /= e.length;
      for (const f of e) {
        sum[f] = sum[f]! + c;
        cnt[f] = cnt[f]! + 1;
      }
    }
    const target = Array.from({ length: nfeatures }, (_, f) =>
      cnt[f]! > 0 ? sum[f]! / cnt[f]! : pos[f]!,
    );
    order = order.slice().sort((a, b) => target[a]! - target[b]! || pos[a]! - pos[b]!);
    setPos(order);
    const s = span();
    if (s < bestSpan) {
      bestSpan = s;
      best = order.slice();
    } else if (s > bestSpan * 1.5) break;
  }
  return best;
}
