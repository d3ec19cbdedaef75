/** leadbeacon-numbers.min.js (`data-number-pool` + `data-business-number`): call tracking's number swapping, handed to the script that loaded this file. */
import type { Features } from '../features/features';
import { handOver } from '../features/script-files';
import { numbers } from '../numbers/numbers';

handOver(numbers satisfies Features['numbers']);
