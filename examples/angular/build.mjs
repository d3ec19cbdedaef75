#!/usr/bin/env node
// `ng build` without the Angular CLI package: runs this workspace's `build` target
// (angular.json: the @angular/build:application builder) through Angular's Architect API,
// as the CLI does. With @angular/cli installed, `npx ng build` gives the same dist/.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

// CommonJS packages without an exports map: their subpaths load through require.
const require = createRequire(import.meta.url);
const { Architect } = require('@angular-devkit/architect');
const { WorkspaceNodeModulesArchitectHost } = require('@angular-devkit/architect/node');
const { logging, schema, workspaces } = require('@angular-devkit/core');
const { NodeJsSyncHost } = require('@angular-devkit/core/node');

const root = dirname(fileURLToPath(import.meta.url));
const configuration = process.argv.includes('--development') ? 'development' : undefined;

const { workspace } = await workspaces.readWorkspace(root, workspaces.createWorkspaceHost(new NodeJsSyncHost()));
const registry = new schema.CoreSchemaRegistry();
registry.addPostTransform(schema.transforms.addUndefinedDefaults);
registry.useXDeprecatedProvider((message) => console.warn(message));
const architect = new Architect(new WorkspaceNodeModulesArchitectHost(workspace, root), registry);

const logger = new logging.Logger('build');
logger.subscribe((entry) => (entry.level === 'error' || entry.level === 'fatal' ? console.error : console.log)(entry.message));

const run = await architect.scheduleTarget({ project: 'example', target: 'build', configuration }, {}, { logger });
const result = await run.result;
await run.stop();
process.exit(result.success ? 0 : 1);
