/** leadbeacon-chat.min.js: the chat widget hooks, handed to the script that loaded this file. */
import { allWidgets, chatWidgets } from '../detectors/chat/hooks';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ allWidgets, chatWidgets } satisfies Features['chat']);
