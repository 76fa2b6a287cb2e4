// A product model that is expensive to serve, as a careless (or hostile) firm might upload:
// 200 features of 20 values (half options, half integers), 400 random rules and 6 sums. It
// checks; compiling falls to the SAT backend and queries on it are slow. Seeded, so every run
// builds the same model.
import type { ProductModel } from '@customerize/engine';

function generator(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function heavyModel(seed = 9, features = 200, values = 20, rules = 400): ProductModel {
  const random = generator(seed);
  const pick = (n: number) => Math.floor(random() * n);
  const modelFeatures: ProductModel['features'] = [];
  for (let i = 0; i < features; i++) {
    if (i % 2 === 0) {
      modelFeatures.push({
        id: `o${i}`,
        type: 'enum',
        options: Array.from({ length: values }, (_, v) => ({
          id: `v${v}`,
          price: 100 * pick(50),
          props: { weight: 10 * pick(100) },
        })),
      });
    } else {
      modelFeatures.push({
        id: `n${i}`,
        type: 'int',
        min: 0,
        max: values - 1,
        linear: { weight: { perUnit: 1 + pick(20) } },
      });
    }
  }
  const id = (i: number) => modelFeatures[i]!.id;
  const atom = (i: number) =>
    i % 2 === 0 ? `${id(i)} = v${pick(values)}` : `${id(i)} >= ${pick(values)}`;
  const modelRules: ProductModel['rules'] = [];
  for (let r = 0; r < rules; r++) {
    const a = pick(features);
    const b = pick(features);
    const c = pick(features);
    modelRules.push({
      id: `r${r}`,
      expr:
        r % 3 === 0
          ? `${id(a | 1)} + ${id(b | 1)} <= ${values + pick(values)}`
          : `${atom(a)} and ${atom(b)} -> not ${atom(c)}`,
    });
  }
  for (let s = 0; s < 6; s++) {
    const scope = Array.from({ length: 30 }, () => id(pick(features / 2) * 2));
    modelRules.push({
      id: `sum${s}`,
      expr:
        s % 2 === 0
          ? `sum(price, ${[...new Set(scope)].join(', ')}) <= ${30_000 + pick(40_000)}`
          : `sum(weight) >= ${20_000 + pick(20_000)}`,
    });
  }
  return {
    id: 'heavy',
    name: 'Heavy',
    currency: 'EUR',
    base: { price: 1000 },
    features: modelFeatures,
    rules: modelRules,
  };
}

/** 30 integer features 0–60 whose sum must be both ≤ 900 and ≥ 901: no product at all. */
export function unsatisfiableModel(): ProductModel {
  const ids = Array.from({ length: 30 }, (_, i) => `q${i}`);
  return {
    id: 'impossible',
    name: 'Impossible',
    currency: 'EUR',
    base: { price: 1000 },
    features: ids.map((id) => ({ id, type: 'int' as const, min: 0, max: 60 })),
    rules: [
      { id: 'at-most', expr: `${ids.join(' + ')} <= 900` },
      { id: 'at-least', expr: `${ids.join(' + ')} >= 901` },
    ],
  };
}
