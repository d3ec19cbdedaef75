// @vitest-environment node
import { App, appConfig } from './app';
import { bootstrapApplication, type BootstrapContext } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';

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
    const { providers } = appConfig(config);
    const bootstrap = (context: BootstrapContext) =>
      bootstrapApplication(App, { providers: [...providers, provideServerRendering()] }, context);
    return renderApplication(bootstrap, {
      document: '<!doctype html><html><body><lb-app></lb-app></body></html>',
      url: 'http://localhost/second',
      allowedHosts: ['localhost'],
    });
  },
};

describeAdapterScenarios('angular', driver, 'server');
