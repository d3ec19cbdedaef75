/** leadbeacon-plugins.min.js: form plugins' success signals, handed to the script that loaded this file. */
import { watchPlugins } from '../detectors/forms/plugins';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ watchPlugins } satisfies Features['plugins']);
