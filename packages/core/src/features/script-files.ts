import type { Logger } from '../types';
import { cachedLoader, type Features, type Loader } from './features';
import { INTERNAL_ERROR, LAZY_FILE_WITHOUT_SRC, NOT_LOADED, warn } from '../warnings';

/** The lazy file's <script> element: the file hands its feature to `lb` (no global involved). */
type LazyScript = HTMLScriptElement & { lb?: (feature: Features[keyof Features]) => void };

/**
 * The script tag's loader: `leadbeacon-<name>.min.js` from the directory of this script's own
 * `src`, with its `nonce` (a CSP that allows the tracker allows its lazy files; no eval), handed
 * over on the element itself, so a second tracker script on the page cannot pick it up.
 */
export function scriptFiles(script: HTMLScriptElement | null, log: Logger): Loader {
  const added: HTMLScriptElement[] = [];
  return cachedLoader(
    (name, arrived, failed) => {
      const file = `leadbeacon-${name}.min.js`;
      if (!script || !script.src) return (warn(log, LAZY_FILE_WITHOUT_SRC, file), failed());
      const doc = script.ownerDocument;
      const s = doc.createElement('script') as LazyScript;
      s.src = new URL(file, script.src).href;
      if (script.nonce) s.nonce = script.nonce;
      s.lb = (feature) => {
        try {
          arrived(feature as never);
        } catch (e) {
          warn(log, INTERNAL_ERROR, e);
        }
      };
      // Missing (not copied beside the script, a 404), blocked or failing: one warning naming the file.
      s.onerror = () => {
        warn(log, NOT_LOADED, s.src);
        failed();
      };
      (doc.head || doc.documentElement).appendChild(s);
      added.push(s);
    },
    () => {
      for (const s of added.splice(0)) s.remove();
    },
  );
}

/** What a lazy file does when it runs: hands `feature` to the element that loaded it. */
export function handOver(feature: unknown): void {
  const el = document.currentScript as LazyScript | null;
  if (el && typeof el.lb === 'function') el.lb(feature as never);
}
