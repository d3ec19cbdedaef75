export { startCollector } from './collector';
export type { EventFilter, StartCollectorOptions, TestCollector, WaitOptions } from './collector';
export { startFaultProxy } from './fault-proxy';
export type { FaultMode, FaultProxy, ProxyAnswer, ProxyRecord, StatusOptions } from './fault-proxy';
export { serveStatic } from './static-server';
export type { RouteContext, RouteHandler, StaticServer, StaticServerOptions } from './static-server';
export { CHROMIUM_ARGS, findChromium, foundChromium, launchChromium, SYSTEM_BROWSERS } from './browser';
export type { FindOptions, FoundBrowser } from './browser';
export { directTouch, validBatch, validEvent } from './fixtures';
