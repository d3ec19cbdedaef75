/**
 * `@leadbeacon/wire/segment`: an event as leadbeacon's Segment message (`segmentMessage`), for the
 * tracker's lazy Segment file and the collector's forwarder. An entry of its own, importing no
 * value from the rest of the package, so that a site's bundler puts it in the tracker's lazy
 * Segment chunk and nothing of it up front. The way back, `nativeEvent`, is in the main entry.
 */
export { segmentMessage } from './segment-message';
