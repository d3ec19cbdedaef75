// The load generator of `npm run loadtest`: closed-loop HTTP clients on keep-alive connections,
// each posting the next batch as soon as the previous one is answered, to 127.0.0.1 only.
// Every event id is new; the ids of each batch answered 2xx are kept (the crash check needs them).
import { Agent, request } from 'node:http';
import { randomUUID } from 'node:crypto';

/** A realistic page view (about 700 bytes as JSON), with the id and times filled in per event. */
function eventJson(id, ts, session) {
  const touch = `{"source":"google","medium":"cpc","campaign":"aircon-repair","channel":"Paid Search","landingPage":"https://aircon.example/?gclid=Cj0KCQ-load","ts":"${ts}","clickIds":{"gclid":"Cj0KCQ-load"}}`;
  return (
    `{"id":"${id}","type":"page_view","name":"page_view","ts":"${ts}","anonymousId":"anon-${session}","sessionId":"sess-${session}",` +
    `"page":{"url":"https://aircon.example/services/repair","path":"/services/repair","title":"Aircon repair in District 7","referrer":"https://www.google.com/"},` +
    `"attribution":{"first":${touch},"last":${touch}},"props":{}}`
  );
}

/** A wire-format batch of `size` new events; returns its body and ids. */
export function makeBatch(size, prefix) {
  const ts = new Date().toISOString();
  const ids = [];
  const session = randomUUID().slice(0, 8);
  const events = [];
  for (let i = 0; i < size; i++) {
    const id = `${prefix}-${randomUUID()}`;
    ids.push(id);
    events.push(eventJson(id, ts, session));
  }
  return { ids, body: `{"v":1,"sentAt":"${ts}","sdk":{"name":"loadtest","version":"1"},"events":[${events.join(',')}]}` };
}

function post(agent, url, body) {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'text/plain;charset=UTF-8', 'content-length': Buffer.byteLength(body) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/**
 * Runs `connections` loops for `durationMs` (and at most `maxRequests` requests in all), spread
 * over `urls`. Resolves with latencies (ms) of answered requests, counts per status and the ids
 * of every event answered 2xx. `onTick` is called about every 100 ms (the crash check kills then).
 */
export async function runLoad({ urls, connections, batchSize, durationMs, maxRequests = Infinity, prefix = 'lt', keepIds = false }) {
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: connections }));
  const latencies = [];
  const statuses = new Map();
  const acked = keepIds ? [] : undefined;
  let sent = 0;
  let events = 0;
  const start = performance.now();
  const end = start + durationMs;
  async function loop(k) {
    const target = k % urls.length;
    while (performance.now() < end && sent < maxRequests) {
      sent++;
      const { ids, body } = makeBatch(batchSize, prefix);
      const t0 = performance.now();
      const status = await post(agents[target], urls[target], body);
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 200 && status < 300) {
        latencies.push(performance.now() - t0);
        events += ids.length;
        if (acked) acked.push(...ids);
      } else if (status === 0) await new Promise((r) => setTimeout(r, 20)); // the collector is away: try again shortly
    }
  }
  await Promise.all(Array.from({ length: connections }, (_, k) => loop(k)));
  const seconds = (performance.now() - start) / 1000;
  for (const a of agents) a.destroy();
  return { ...summary(latencies, events, seconds, statuses), acked };
}

/** A run's figures: requests answered 2xx, events per second, latency median and 99th percentile. */
function summary(latencies, events, seconds, statuses) {
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    seconds,
    requests: latencies.length,
    events,
    eventsPerSecond: events / seconds,
    p50: at(0.5),
    p99: at(0.99),
    statuses: Object.fromEntries(statuses),
  };
}

/**
 * Open loop: starts `requestsPerSecond` requests a second whatever the answers (at most 256 in
 * flight), so latency is measured from when each request was due, queueing included.
 */
export async function runPaced({ url, batchSize, requestsPerSecond, durationMs, prefix = 'paced' }) {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies = [];
  const statuses = new Map();
  let events = 0;
  let inFlight = 0;
  const pending = [];
  const start = performance.now();
  let due = 0;
  while (performance.now() - start < durationMs) {
    const shouldHaveStarted = Math.floor(((performance.now() - start) / 1000) * requestsPerSecond);
    for (; due < shouldHaveStarted && inFlight < 256; due++) {
      const dueAt = start + (due * 1000) / requestsPerSecond;
      const { ids, body } = makeBatch(batchSize, prefix);
      inFlight++;
      pending.push(
        post(agent, url, body).then((status) => {
          inFlight--;
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          if (status >= 200 && status < 300) {
            latencies.push(performance.now() - dueAt);
            events += ids.length;
          }
        }),
      );
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(pending);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  return summary(latencies, events, seconds, statuses);
}
