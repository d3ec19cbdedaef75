/**
 * The feature loaders: each feature is asked for once; when it arrives every waiting `use` gets
 * it, and when it cannot load every waiting `failed` runs, as does the `failed` of any later
 * `load` (the file is not asked for again, and the warning naming it came once).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cachedLoader, type Features } from '../src/features/features';
import { scriptFiles } from '../src/features/script-files';

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('cachedLoader', () => {
  it('a feature that fails: every waiting and later failed callback runs; it is asked for once', () => {
    let fail = () => {};
    const get = vi.fn((_name: string, _arrived: unknown, failed: () => void) => void (fail = failed));
    const loader = cachedLoader(get);
    const use = vi.fn();
    const failed = [vi.fn(), vi.fn(), vi.fn()];
    loader.load('plugins', use, failed[0]);
    loader.load('plugins', use); // no failed callback: nothing to tell
    loader.load('plugins', use, failed[1]);
    fail();
    loader.load('plugins', use, failed[2]);
    expect(get).toHaveBeenCalledTimes(1);
    expect(use).not.toHaveBeenCalled();
    expect(failed.map((f) => f.mock.calls.length)).toEqual([1, 1, 1]);
  });

  it('a feature that arrives: every use gets it, no failed callback runs', () => {
    const feature = { watchPlugins: () => undefined } as unknown as Features['plugins'];
    const loader = cachedLoader((_name, arrived) => arrived(feature as never));
    const use = vi.fn();
    const failed = vi.fn();
    loader.load('plugins', use, failed);
    loader.load('plugins', use, failed);
    expect(use.mock.calls).toEqual([[feature], [feature]]);
    expect(failed).not.toHaveBeenCalled();
  });
});

describe('scriptFiles', () => {
  it('a lazy file that cannot load: one warning naming its URL, and failed runs', () => {
    const script = document.createElement('script');
    script.src = 'https://cdn.example/js/leadbeacon.min.js';
    document.head.appendChild(script);
    const warn = vi.fn();
    const failed = vi.fn();
    const loader = scriptFiles(script, { warn, debug: vi.fn() } as never);
    loader.load('plugins', () => {}, failed);
    const added = document.head.querySelector<HTMLScriptElement>('script[src$="leadbeacon-plugins.min.js"]')!;
    added.dispatchEvent(new Event('error'));
    loader.load('plugins', () => {}, failed);
    expect(warn.mock.calls).toEqual([['could not load https://cdn.example/js/leadbeacon-plugins.min.js']]);
    expect(failed).toHaveBeenCalledTimes(2);
  });
});
