// The collector under `npm run bench:intake`, in a process of its own so its CPU time is its own:
// it answers the parent's 'cpu' message with process.cpuUsage().
import { createCollector } from '../packages/collector/dist/index.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const collector = await createCollector({ port: 0, dbPath: ':memory:', ...options });
process.on('message', (m) => {
  if (m === 'cpu') process.send({ cpu: process.cpuUsage() });
  if (m === 'count') collector.store.count().then((n) => process.send({ count: n }));
  if (m === 'stop') collector.close().then(() => process.exit(0));
});
process.send({ url: collector.url });
