/** leadbeacon-forwarding.min.js: forwarding leads to dataLayer, gtag and fbq, handed to the script that loaded this file. */
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';
import { forward } from '../forward';

handOver({ forward } satisfies Features['forwarding']);
