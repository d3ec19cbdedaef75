import { act, createElement as h } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import { app, browserRouter, probe } from './app';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const mounted: { root: Root; el: HTMLElement; dispose: () => void }[] = [];

async function mountOne(config: Parameters<typeof app>[0], strict: boolean) {
  const el = document.body.appendChild(document.createElement('div'));
  const root = createRoot(el);
  const router = browserRouter();
  await act(async () => root.render(app(config, h(RouterProvider, { router }), strict)));
  mounted.push({ root, el, dispose: () => router.dispose() });
  return router;
}

let router: Awaited<ReturnType<typeof mountOne>> | undefined;

const driver: AdapterDriver = {
  async mount(config) {
    router = await mountOne(config, false);
  },
  async mountTwice(config) {
    // StrictMode mounts, unmounts and mounts again; a second root (an island) has its own provider.
    router = await mountOne(config, true);
    await mountOne(config, true);
  },
  provided: () => probe.tracker!,
  async trackFromComponent(name, props) {
    probe.next = { name, props };
    await act(async () => document.getElementById('lb-track')!.click());
  },
  async navigate(path) {
    await act(() => router!.navigate(path));
  },
  async unmount() {
    for (const m of mounted.splice(0)) {
      act(() => m.root.unmount());
      m.dispose();
      m.el.remove();
    }
    router = undefined;
    probe.tracker = undefined;
  },
  renderOnServer: () => Promise.reject(new Error('see ssr.test.ts')),
};

describeAdapterScenarios('react', driver, 'dom');
