// leadbeacon from npm: createTracker with every built-in detector (forms, calls, emails, chat, …).
import { createTracker } from 'leadbeacon';

createTracker({ endpoint: window.__SINK__ + '/collect' });
