import { readNumbersConfig, DEFAULT_COUNT_SECONDS, type NumbersConfig } from '../numbers/config';
import { ConfigError } from '../uploads/config';
import { CommandError } from './args';

/** The config file's "numbers", "twilio" and "telnyx", with --twilio-auth-token over the file's; read at start so a mistake stops the collector there. */
export function numbersOption(file: string | undefined, twilioToken: string | undefined): { numbers?: NumbersConfig } {
  let numbers: NumbersConfig | undefined;
  try {
    numbers = file ? readNumbersConfig(file) : undefined;
  } catch (err) {
    if (err instanceof ConfigError) throw new CommandError(err.message);
    throw err;
  }
  if (twilioToken)
    numbers = { pools: [], countSeconds: DEFAULT_COUNT_SECONDS, storeCallerNumbers: false, ...numbers, twilioAuthToken: twilioToken };
  return numbers ? { numbers } : {};
}
