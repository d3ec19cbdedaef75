// A minimal client router for the test app, with SvelteKit's `afterNavigate` contract:
// registered during component initialisation, run on mount and after each navigation.
import { onMount, tick } from 'svelte';

const listeners = new Set<() => void>();
export const route = $state({ path: '/' });

export function afterNavigate(callback: () => void): void {
  onMount(() => {
    listeners.add(callback);
    callback();
    return () => listeners.delete(callback);
  });
}

export async function goto(path: string): Promise<void> {
  history.pushState({}, '', path);
  route.path = path;
  await tick();
  for (const l of listeners) l();
}
