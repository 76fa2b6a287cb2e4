// Derivative-free minimization (Nelder & Mead 1965, with the adaptive coefficients of Gao & Han
// 2012), used to fit the customer-value models by maximum likelihood over log-parameters, as the
// reference implementations do (lifetimes and BTYD call the same method). Written here because
// the one npm package for it, fmin 0.0.4, cannot be imported as an ES module (a UMD build under
// "type": "module") and throws in its shrink step (an undeclared loop variable in strict mode);
// see docs/insights.md.

export type Minimum = { x: number[]; fx: number; iterations: number; converged: boolean };

export type NelderMeadOptions = {
  maxIterations?: number;
  /** Stop when the simplex's values differ by less than this times the best value (or 1)… */
  fTolerance?: number;
  /** …and its points by less than this in every coordinate. */
  xTolerance?: number;
  /** Size of the initial simplex along each axis. */
  step?: number;
};

export function nelderMead(
  f: (x: number[]) => number,
  x0: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 400 * n;
  const fTol = options.fTolerance ?? 1e-12;
  const xTol = options.xTolerance ?? 1e-7;
  const step = options.step ?? 0.5;
  const alpha = 1;
  const beta = 1 + 2 / n;
  const gamma = 0.75 - 1 / (2 * n);
  const delta = 1 - 1 / n;
  // A point where f is not finite is worse than every point where it is.
  const value = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const points: number[][] = [x0.slice()];
  for (let i = 0; i < n; i++) {
    const p = x0.slice();
    p[i] = p[i]! + step;
    points.push(p);
  }
  let values = points.map(value);
  const along = (from: number[], to: number[], t: number) =>
    from.map((c, i) => c + t * (to[i]! - c));

  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
    const sorted = order.map((i) => points[i]!);
    values = order.map((i) => values[i]!);
    points.splice(0, points.length, ...sorted);
    const spread = Math.max(
      ...points.slice(1).map((p) => Math.max(...p.map((c, i) => Math.abs(c - points[0]![i]!)))),
    );
    if (values[n]! - values[0]! <= fTol * Math.max(1, Math.abs(values[0]!)) && spread <= xTol) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(n).fill(0);
    for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) centroid[i]! += points[j]![i]! / n;
    const worst = points[n]!;
    const reflected = along(centroid, worst, -alpha);
    const fr = value(reflected);
    if (fr < values[0]!) {
      const expanded = along(centroid, worst, -alpha * beta);
      const fe = value(expanded);
      if (fe < fr) [points[n], values[n]] = [expanded, fe];
      else [points[n], values[n]] = [reflected, fr];
    } else if (fr < values[n - 1]!) {
      [points[n], values[n]] = [reflected, fr];
    } else {
      const outside = fr < values[n]!;
      const contracted = outside
        ? along(centroid, worst, -alpha * gamma)
        : along(centroid, worst, gamma);
      const fc = value(contracted);
      if (fc < (outside ? fr : values[n]!)) {
        [points[n], values[n]] = [contracted, fc];
      } else {
        for (let j = 1; j <= n; j++) {
          points[j] = along(points[0]!, points[j]!, delta);
          values[j] = value(points[j]!);
        }
      }
    }
  }
  let best = 0;
  for (let j = 1; j <= n; j++) if (values[j]! < values[best]!) best = j;
  return { x: points[best]!, fx: values[best]!, iterations, converged };
}
