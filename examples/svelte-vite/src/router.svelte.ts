// A small client router: the two routes of this site, links through `use:link`, back/forward.
// (In SvelteKit, use its router and pass `afterNavigate` from `$app/navigation` instead.)
import { onMount, tick } from 'svelte';

export const route = $state({ path: location.pathname });
const after = new Set<() => void>();

async function settle(path: string) {
  route.path = path;
  await tick();
  for (const fn of after) fn();
}

export function goto(path: string): Promise<void> {
  if (path === location.pathname) return Promise.resolve();
  history.pushState({}, '', path);
  return settle(path);
}

addEventListener('popstate', () => settle(location.pathname));

/** Like SvelteKit's `afterNavigate`: during component initialisation; runs on mount and after each navigation. */
export function afterNavigate(fn: () => void): void {
  onMount(() => {
    after.add(fn);
    fn();
    return () => after.delete(fn);
  });
}

/** `<a href="/services" use:link>`: navigates in the app instead of loading the page. */
export function link(node: HTMLAnchorElement) {
  const onclick = (e: MouseEvent) => {
    if (e.button || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    goto(node.pathname);
  };
  node.addEventListener('click', onclick);
  return { destroy: () => node.removeEventListener('click', onclick) };
}
