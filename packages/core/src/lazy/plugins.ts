/** leadbeacon-plugins.min.js: form plugins' success signals and form frameworks' answers, handed to the script that loaded this file. */
import { answerOk, watchPlugins } from '../detectors/forms/plugins';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ watchPlugins, answerOk } satisfies Features['plugins']);
