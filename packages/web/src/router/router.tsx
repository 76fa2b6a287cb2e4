// A tiny client-side router over the History API (no dependency).
// - usePath(): the current pathname; re-renders on navigate() and on back/forward.
// - useSearch(): the current query string, for pages whose state lives in it (/compare?ids=).
// - navigate(to, { replace }): pushes (or replaces) a history entry.
// - <Link to="/x">: a real <a href> (so open-in-new-tab, copy link and keyboard work) whose
//   plain left click navigates in place; `aria-current="page"` when it points at the current path
//   (or, with `matchPrefix`, at a path below it).
// - useRouteFocus(ref): after each navigation moves focus to `ref` (the page's <main> or <h1>) so
//   screen-reader and keyboard users start at the new content, as on a full page load.
// The route table itself lives in src/routes.tsx.

import {
  useEffect,
  useRef,
  useSyncExternalStore,
  type AnchorHTMLAttributes,
  type MouseEvent,
  type RefObject,
} from 'react';

const CHANGE = 'customerize:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const currentPath = (): string => window.location.pathname;

export function usePath(): string {
  return useSyncExternalStore(subscribe, currentPath, () => '/');
}

/** The current query string (`?a=b`, or ''); re-renders when only the query changes. */
export function useSearch(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => '',
  );
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const here = window.location.pathname + window.location.search + window.location.hash;
  if (to === here) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.scrollTo(0, 0);
  window.dispatchEvent(new Event(CHANGE));
}

export interface LinkProps extends Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> {
  to: string;
  /** Mark as current also when the current path is below `to` (for section navigation). */
  matchPrefix?: boolean;
}

export function Link({ to, matchPrefix, onClick, ...rest }: LinkProps) {
  const path = usePath();
  const current = path === to || (matchPrefix === true && path.startsWith(to + '/'));
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented) return;
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
      return;
    if (rest.target && rest.target !== '_self') return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} aria-current={current ? 'page' : undefined} onClick={handle} {...rest} />;
}

/** Moves focus to `target` whenever the path changes (not on first render). */
export function useRouteFocus(target: RefObject<HTMLElement | null>): void {
  const path = usePath();
  const shown = useRef(path);
  useEffect(() => {
    if (shown.current === path) return;
    shown.current = path;
    target.current?.focus({ preventScroll: true });
  }, [path, target]);
}
