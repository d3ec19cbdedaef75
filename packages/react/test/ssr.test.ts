// @vitest-environment node
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { Route, Routes, StaticRouter } from 'react-router';
import { describeAdapterScenarios, type AdapterDriver } from '@leadbeacon/test-utils/adapter-scenarios';
import { app, routes } from './app';

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
    const layout = routes[0]!;
    const tree = h(
      StaticRouter,
      { location: '/' },
      h(
        Routes,
        null,
        h(Route, { element: layout.element }, ...layout.children!.map((r) => h(Route, { key: r.path, path: r.path, element: r.element }))),
      ),
    );
    return renderToString(app(config, tree, true));
  },
};

describeAdapterScenarios('react', driver, 'server');

describe('the build for Next.js App Router', () => {
  it("is marked 'use client' (hooks and context only work in client components)", () => {
    const built = readFileSync(fileURLToPath(new URL('../dist/index.mjs', import.meta.url)), 'utf8');
    expect(built.startsWith("'use client';")).toBe(true);
    expect(readFileSync(fileURLToPath(new URL('../dist/index.cjs', import.meta.url)), 'utf8').startsWith("'use client';")).toBe(true);
  });
});
