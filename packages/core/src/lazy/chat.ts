/** leadbeacon-chat.min.js: the chat widget hooks, handed to the script that loaded this file. */
import { allWidgets } from '../detectors/chat/hooks';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ allWidgets } satisfies Features['chat']);
