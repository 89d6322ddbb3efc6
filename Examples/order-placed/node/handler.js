#!/usr/bin/env node
// order.placed handler over HTTP (CloudEvents HTTP binding, structured and binary modes).
// POST /events: 200 + emitted events (a JSON array) = ack, 503 = retry, 422 = reject.
// GET /state: the observable state. Listens on $PORT; pays through $ACCORD_DOWNSTREAM_URL.
// `--bug=NAME` switches on a classic bug for the harness to catch:
//   counter        counts every delivery (no deduplication)
//   double-charge  books the charge before the payment succeeds, again on each retry
//   crash          crashes on an event it cannot process (poison)
//   id-only        deduplicates on id alone (ignores source)
'use strict';
const http = require('node:http');

const bug = (process.argv.find((a) => a.startsWith('--bug=')) || '').slice(6);
const downstream = process.env.ACCORD_DOWNSTREAM_URL || '';
const state = { processed: 0, charged: 0, customers: {} };
const seen = new Set();

function invalid(data) {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return 'data is not an object';
  for (const k of ['orderId', 'customerId', 'currency']) if (typeof data[k] !== 'string') return `missing ${k}`;
  if (typeof data.amount !== 'number' || data.amount < 0) return 'amount must be a number >= 0';
  return null;
}

// Structured mode: the body is the event. Binary mode: ce-* headers + data as body.
function readEvent(req, body) {
  if ((req.headers['content-type'] || '').startsWith('application/cloudevents+json')) return JSON.parse(body);
  const event = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('ce-')) event[name.slice(3)] = decodeURIComponent(value);
  }
  if (body.length) event.data = JSON.parse(body);
  return event;
}

async function handle(event) {
  const key = bug === 'id-only' ? event.id : `${event.source} ${event.id}`;
  if (bug === 'counter') state.processed += 1; // the bug: counts deliveries, not events
  if (seen.has(key)) return [200, []];
  const problem = invalid(event.data);
  if (problem) {
    if (bug === 'crash') throw new Error(problem); // the bug: an uncaught error kills the process
    return [422, { error: `invalid order.placed: ${problem}` }];
  }
  const { orderId, customerId, amount } = event.data;
  if (bug === 'double-charge') state.charged = Math.round((state.charged + amount) * 100) / 100;
  let paid = false;
  try {
    const res = await fetch(`${downstream}/payments`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId, amount }),
    });
    paid = res.ok;
  } catch { paid = false; }
  if (!paid) return [503, { error: 'payment service unavailable' }];
  seen.add(key);
  if (bug !== 'counter') state.processed += 1;
  if (bug !== 'double-charge') state.charged = Math.round((state.charged + amount) * 100) / 100;
  const orders = (state.customers[customerId] ||= []);
  orders.push(orderId);
  return [200, [{
    specversion: '1.0', id: `confirmed-${event.id}`, source: 'urn:shop:orders', type: 'order.confirmed',
    subject: orderId, data: { orderId, customerId, amount, sequence: orders.length },
  }]];
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const reply = (status, value) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (req.method === 'GET' && req.url === '/state') return reply(200, state);
    if (req.method !== 'POST' || req.url !== '/events') return reply(404, { error: 'not found' });
    let event;
    try { event = readEvent(req, body); } catch { return reply(400, { error: 'unreadable event' }); }
    handle(event).then(([status, value]) => reply(status, value), (err) => {
      if (bug === 'crash') { process.stderr.write(`crash: ${err.message}\n`); process.exit(1); }
      reply(500, { error: String(err) });
    });
  });
});
server.listen(Number(process.env.PORT || 8080), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
