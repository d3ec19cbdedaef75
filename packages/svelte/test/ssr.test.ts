// @vitest-environment node
import { render } from 'svelte/server';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import App from './App.svelte';

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
  renderOnServer: async (config) => render(App, { props: { config } }).body,
};

describeAdapterScenarios('svelte', driver, 'server');
