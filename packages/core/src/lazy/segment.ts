/** leadbeacon-segment.min.js: batches in the Segment HTTP API's format, handed to the script that loaded this file. */
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';
import { segmentBatch, segmentMessage } from '../transport/segment';

handOver({ segmentBatch, segmentMessage } satisfies Features['segment']);
