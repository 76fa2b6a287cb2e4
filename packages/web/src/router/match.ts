// Path patterns for the app's route table (see src/routes.tsx).
// A pattern is a literal path with `:name` segments, e.g. `/designs/:id`; a trailing `/*`
// matches any rest (kept in params['*']). Matching ignores a trailing slash and decodes params.
// Pure so it can be unit-tested in Node.

export type Params = Record<string, string>;

export interface Match<T> {
  route: T;
  params: Params;
}

/** Returns the params when `path` fits `pattern`, or null. */
export function matchPath(pattern: string, path: string): Params | null {
  const want = split(pattern);
  const got = split(path);
  const params: Params = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    if (w === '*') {
      params['*'] = got.slice(i).join('/');
      return params;
    }
    const g = got[i];
    if (g === undefined) return null;
    if (w.startsWith(':')) {
      let value: string;
      try {
        value = decodeURIComponent(g);
      } catch {
        return null;
      }
      params[w.slice(1)] = value;
    } else if (w !== g) {
      return null;
    }
  }
  return got.length === want.length ? params : null;
}

/** First route (in table order) whose pattern matches `path`. */
export function matchRoute<T extends { path: string }>(
  routes: readonly T[],
  path: string,
): Match<T> | null {
  for (const route of routes) {
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return null;
}

/** Builds a concrete path from a pattern, encoding each param. */
export function buildPath(pattern: string, params: Params = {}): string {
  const out = split(pattern).map((seg) => {
    if (!seg.startsWith(':')) return seg;
    const value = params[seg.slice(1)];
    if (value === undefined) throw new Error(`buildPath: missing param ${seg} for ${pattern}`);
    return encodeURIComponent(value);
  });
  return '/' + out.join('/');
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}
