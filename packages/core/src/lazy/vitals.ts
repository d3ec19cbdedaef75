/**
 * leadbeacon-vitals.min.js: the web vitals detector (with Google's `web-vitals` bundled in),
 * handed to the script that loaded this file, which sets it up with the tracker's context.
 */
import { webVitals } from '../detectors/web-vitals';
import { handOver } from '../features/script-files';

handOver(webVitals());
