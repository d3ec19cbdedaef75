// @vitest-environment node
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { createMemoryHistory } from 'vue-router';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import { LeadbeaconPlugin } from '../src/index';
import { Layout, makeRouter } from './app';

const unavailable = () => Promise.reject(new Error('server environment: see scenarios.test.ts'));

const driver: AdapterDriver = {
  mount: unavailable,
  mountTwice: unavailable,
  provided: () => {
    throw new Error('server environment');
  },
  trackFromComponent: unavailable,
  navigate: unavailable,
  unmount: async () => {},
  async renderOnServer(config) {
    // Per request, as Vue's SSR guide does: a new app and router.
    const app = createSSRApp(Layout);
    const router = makeRouter(createMemoryHistory());
    app.use(router);
    app.use(LeadbeaconPlugin, { config, router });
    await router.push('/second');
    await router.isReady();
    return renderToString(app);
  },
};

describeAdapterScenarios('vue', driver, 'server');
