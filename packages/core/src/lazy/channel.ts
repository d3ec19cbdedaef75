/** leadbeacon-channel.min.js (`data-channel`): each event's source, medium and channel named in the browser, handed to the script that loaded this file. */
import { interpretTouch, withChannel } from '../attribution/interpret';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ interpretTouch, withChannel } satisfies Features['channel']);
