import { fileURLToPath } from 'node:url';

/** The monorepo's root: Next.js resolves the workspace packages (leadbeacon, @leadbeacon/react) from there. */
const root = fileURLToPath(new URL('../..', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  reactStrictMode: true,
  poweredByHeader: false,
  turbopack: { root },
  outputFileTracingRoot: root,
};
