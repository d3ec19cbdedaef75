import { App, Island, appConfig, probe } from './app';
import type { ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { Router } from '@angular/router';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import { provideLeadbeacon, type LeadbeaconConfig } from '../src/index';

const apps: ApplicationRef[] = [];

async function boot(config: LeadbeaconConfig, island = false) {
  document.body.appendChild(document.createElement(island ? 'lb-island' : 'lb-app'));
  const ref = island
    ? await bootstrapApplication(Island, { providers: [provideLeadbeacon(config)] })
    : await bootstrapApplication(App, appConfig(config));
  apps.push(ref);
  await ref.whenStable();
  return ref;
}

const main = () => apps[0]!;

const driver: AdapterDriver = {
  async mount(config) {
    await boot(config);
  },
  async mountTwice(config) {
    // Two Angular apps on one page, each with provideLeadbeacon.
    await boot(config);
    await boot(config, true);
  },
  provided: () => probe.tracker!,
  async trackFromComponent(name, props) {
    probe.next = { name, props };
    document.getElementById('lb-track')!.click();
    await main().whenStable();
  },
  async navigate(path) {
    const ok = await main().injector.get(Router).navigateByUrl(path);
    if (!ok) throw new Error(`navigation to ${path} failed`);
    await main().whenStable();
  },
  async unmount() {
    for (const ref of apps.splice(0)) ref.destroy();
    document.body.innerHTML = '';
    probe.tracker = undefined;
  },
  renderOnServer: () => Promise.reject(new Error('see ssr.test.ts')),
};

describeAdapterScenarios('angular', driver, 'dom');
