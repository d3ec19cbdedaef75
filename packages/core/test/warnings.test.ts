/**
 * The npm package's warnings: explained in a development build, a code with its link and
 * arguments where `process.env.NODE_ENV` is "production" (read when the warning is given, as a
 * site's bundler would have replaced it). What a production bundle ships is checked on the
 * built files (test-browser/build.test.ts, test-browser/warnings.test.ts).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTracker } from '../src/index';
import * as warnings from '../src/warnings';
import { DETECTOR_FAILED, TEXTS, UNKNOWN_CONFIG_KEY, warn, WARNINGS_URL } from '../src/warnings';
import { destroyAll, harness, tick } from './harness';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T08:00:00Z') });
});
afterEach(() => {
  destroyAll();
  vi.useRealTimers();
  vi.unstubAllEnvs();
});

/** The console.warn calls a tracker with a misspelt key and a wrong type makes, under NODE_ENV `mode`. */
async function badConfigWarnings(mode: string) {
  vi.stubEnv('NODE_ENV', mode);
  const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
  const h = harness({ config: { colour: 'red', batchDelay: 'soon' } as never });
  await tick(5010);
  expect(h.ofType('page_view')).toHaveLength(1); // warned, and working all the same
  const calls = spy.mock.calls;
  destroyAll();
  spy.mockRestore();
  return calls;
}

describe('warnings of the npm package', () => {
  it('a development build explains each warning in words', async () => {
    for (const mode of ['development', 'test']) {
      expect(await badConfigWarnings(mode)).toEqual([
        ['[leadbeacon] unknown config key "colour" ignored'],
        ['[leadbeacon] config "batchDelay" must be number >= 0, got "soon"; using the default'],
      ]);
    }
  });

  it('a production build gives the code, the link to README and the arguments', async () => {
    expect(await badConfigWarnings('production')).toEqual([
      [`[leadbeacon] W4 ${WARNINGS_URL}4`, 'colour'],
      [`[leadbeacon] W5 ${WARNINGS_URL}5`, 'batchDelay', 'number >= 0', '"soon"'],
    ]);
  });

  it('arguments beyond the text go to the console after it: an error stays inspectable', () => {
    const log = { warn: vi.fn(), debug: vi.fn() };
    const error = new Error('boom');
    warn(log, DETECTOR_FAILED, 'chat', error);
    warn(log, UNKNOWN_CONFIG_KEY, 'colour');
    expect(log.warn.mock.calls).toEqual([['detector "chat" failed to start', error], ['unknown config key "colour" ignored']]);
    vi.stubEnv('NODE_ENV', 'production');
    warn(log, DETECTOR_FAILED, 'chat', error);
    expect(log.warn.mock.calls[2]).toEqual([`W15 ${WARNINGS_URL}15`, 'chat', error]);
  });

  it('without an endpoint, in production too, one warning and an inert tracker', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const fetch = vi.fn();
    const t = createTracker({} as never, { fetch });
    t.track('x');
    await t.flush();
    expect(spy.mock.calls).toEqual([[`[leadbeacon] W1 ${WARNINGS_URL}1`]]);
    expect(fetch).not.toHaveBeenCalled();
  });

  it('every code has one text, and every text one code', () => {
    const codes = Object.entries(warnings).filter(([, v]) => typeof v === 'number');
    expect(codes.map(([, v]) => v).sort((a, b) => (a as number) - (b as number))).toEqual(Object.keys(TEXTS).map(Number));
    expect(new Set(codes.map(([, v]) => v)).size).toBe(codes.length);
  });
});
