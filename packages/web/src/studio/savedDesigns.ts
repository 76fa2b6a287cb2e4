// Designs this browser saved or opened, kept in localStorage so a guest finds them again (the
// token is the guest's key to the design) and can pick two or three to compare.
export interface SavedDesignRef {
  id: string;
  token: string | null;
  name: string;
  productSlug: string;
  savedAt: string;
}

const KEY = 'customerize.designs';

export function savedDesigns(): SavedDesignRef[] {
  try {
    const raw = localStorage.getItem(KEY);
    const list: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(list) ? (list as SavedDesignRef[]) : [];
  } catch {
    return [];
  }
}

export function rememberDesign(ref: SavedDesignRef): void {
  const list = savedDesigns().filter((d) => d.id !== ref.id);
  list.unshift(ref);
  try {
    localStorage.setItem(KEY, JSON.stringify(list.slice(0, 50)));
  } catch {
    // Storage full or disabled: the share link still works.
  }
}

export function tokenFor(id: string): string | null {
  return savedDesigns().find((d) => d.id === id)?.token ?? null;
}

export function designHref(id: string, token: string | null): string {
  return `/designs/${encodeURIComponent(id)}${token ? `?token=${encodeURIComponent(token)}` : ''}`;
}
