/** leadbeacon-fields.min.js (`data-fill-fields`): the lead's ids in the lead forms' hidden fields, handed to the script that loaded this file. */
import { watchFields } from '../detectors/forms/fields';
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';

handOver({ watchFields } satisfies Features['fields']);
