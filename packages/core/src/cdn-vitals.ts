/**
 * The lazy web vitals file (dist/leadbeacon-vitals.min.js), loaded by leadbeacon.min.js from
 * beside itself only when the tag has `data-web-vitals="true"`. The loading tracker hands its
 * detector context over on the <script> element itself (`lb`), so no global is involved and
 * a second tracker script cannot pick it up.
 */
import { webVitals } from './detectors/web-vitals';
import type { Detector } from './types';

const el = document.currentScript as (HTMLScriptElement & { lb?: (d: Detector) => void }) | null;
if (el && typeof el.lb === 'function') el.lb(webVitals());
