/** leadbeacon-hashing.min.js: enhanced-conversion hashing, handed to the script that loaded this file. */
import { watchHashes } from '../detectors/forms/hashing';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ watchHashes } satisfies Features['hashing']);
