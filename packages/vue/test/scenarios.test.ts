import { createApp, defineComponent, h, nextTick, withDirectives, resolveDirective, type App } from 'vue';
import { createWebHistory, type Router } from 'vue-router';
import { describe, expect, it } from 'vitest';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import { startCollector } from '@leadbeacon/test-utils';
import { LeadbeaconPlugin, type LeadbeaconConfig } from '../src/index';
import { Layout, makeRouter, probe } from './app';

const apps: { app: App; el: HTMLElement }[] = [];
let router: Router | undefined;

async function mountApp(config: LeadbeaconConfig, withRouter: boolean) {
  const el = document.body.appendChild(document.createElement('div'));
  const app = createApp(withRouter ? Layout : { render: () => h('p', 'island') });
  let r: Router | undefined;
  if (withRouter) {
    r = makeRouter(createWebHistory());
    app.use(r);
  }
  app.use(LeadbeaconPlugin, { config, router: r });
  app.mount(el);
  if (r) await r.isReady();
  apps.push({ app, el });
  return r;
}

const driver: AdapterDriver = {
  async mount(config) {
    router = await mountApp(config, true);
  },
  async mountTwice(config) {
    // Two apps on one page (an island beside the main app), each installing the plugin.
    router = await mountApp(config, true);
    await mountApp(config, false);
  },
  provided: () => probe.tracker!,
  async trackFromComponent(name, props) {
    probe.next = { name, props };
    document.getElementById('lb-track')!.click();
    await nextTick();
  },
  async navigate(path) {
    await router!.push(path);
    await nextTick();
  },
  async unmount() {
    for (const { app, el } of apps.splice(0)) {
      app.unmount();
      el.remove();
    }
    router = undefined;
    probe.tracker = undefined;
  },
  renderOnServer: () => Promise.reject(new Error('see ssr.test.ts')),
};

describeAdapterScenarios('vue', driver, 'dom');

describe('v-lead', () => {
  it('records a custom call to action on click, with its value, and stops with the app', async () => {
    localStorage.clear();
    const collector = await startCollector();
    try {
      const Cta = defineComponent({
        props: { value: { type: Number, required: true } },
        setup(props) {
          return () =>
            withDirectives(h('button', { id: 'cta' }, 'Book'), [
              [resolveDirective('lead')!, { type: 'booking_click', value: props.value, currency: 'EUR', props: { plan: 'pro' } }],
            ]);
        },
      });
      const value = { v: 50 };
      const el = document.body.appendChild(document.createElement('div'));
      const app = createApp({ data: () => value, render: (ctx: { v: number }) => h(Cta, { value: ctx.v }) });
      app.use(LeadbeaconPlugin, { config: { endpoint: collector.url + '/collect', batchDelay: 0 } });
      const vm = app.mount(el) as unknown as { v: number };
      vm.v = 80; // the binding's new value is what a click records
      await nextTick();
      document.getElementById('cta')!.click();
      await collector.waitForEvents((es) => es.some((e) => e.name === 'booking_click'));
      app.unmount();
      el.remove();
      await new Promise((r) => setTimeout(r, 300));
      const leads = (await collector.events()).filter((e) => e.name === 'booking_click');
      expect(leads).toHaveLength(1);
      expect(leads[0]).toMatchObject({ type: 'custom', value: 80, currency: 'EUR', props: { plan: 'pro' } });
    } finally {
      await collector.close();
    }
  });
});
