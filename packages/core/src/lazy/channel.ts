/** leadbeacon-channel.min.js (`data-channel`): each event's source, medium and channel named in the browser, handed to the script that loaded this file. */
import { withChannel } from '../attribution/interpret';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ withChannel } satisfies Features['channel']);
