import { flushSync, mount, unmount } from 'svelte';
import { describe, expect, it } from 'vitest';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import { startCollector } from '@leadbeacon/test-utils';
import type { LeadbeaconConfig } from '../src/index';
import App from './App.svelte';
import Island from './Island.svelte';
import { goto, route } from './router.svelte';
import { probe } from './probe';

let mounted: { instance: ReturnType<typeof mount>; el: HTMLElement }[] = [];

function mountOne(component: typeof App | typeof Island, config: LeadbeaconConfig) {
  const el = document.body.appendChild(document.createElement('div'));
  const instance = mount(component, { target: el, props: { config } });
  flushSync();
  mounted.push({ instance, el });
  return instance;
}

const driver: AdapterDriver = {
  async mount(config) {
    route.path = location.pathname;
    mountOne(App, config);
  },
  async mountTwice(config) {
    route.path = location.pathname;
    // Hot reloading: the root component unmounted and mounted again in one go ...
    const first = mountOne(App, config);
    unmount(first);
    mounted = mounted.filter((m) => m.instance !== first);
    mountOne(App, config);
    // ... and a second root (an island) setting up the adapter too.
    mountOne(Island, config);
  },
  provided: () => probe.tracker!,
  async trackFromComponent(name, props) {
    probe.next = { name, props };
    document.getElementById('lb-track')!.click();
    flushSync();
  },
  navigate: (path) => goto(path),
  async unmount() {
    for (const { instance, el } of mounted.splice(0)) {
      unmount(instance);
      el.remove();
    }
    probe.tracker = undefined;
  },
  renderOnServer: () => Promise.reject(new Error('see ssr.test.ts')),
};

describeAdapterScenarios('svelte', driver, 'dom');

describe('use:lead', () => {
  it('records a custom call to action on click with its current parameters, and stops on destroy', async () => {
    localStorage.clear();
    history.replaceState(null, '', '/');
    const collector = await startCollector();
    try {
      await driver.mount({ endpoint: collector.url + '/collect', batchDelay: 0 });
      const cta = document.getElementById('cta')!;
      cta.click(); // records value 50; the button's own handler then sets 80
      flushSync();
      cta.click();
      await collector.waitForEvents((es) => es.filter((e) => e.name === 'booking_click').length >= 2);
      await driver.unmount();
      cta.click(); // detached and destroyed: nothing
      await new Promise((r) => setTimeout(r, 300));
      const leads = (await collector.events()).filter((e) => e.name === 'booking_click');
      expect(leads.map((e) => e.value)).toEqual([50, 80]);
      expect(leads[0]).toMatchObject({ type: 'custom', currency: 'EUR', props: { plan: 'pro' } });
    } finally {
      await driver.unmount();
      await collector.close();
    }
  });
});
