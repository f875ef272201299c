// A 2026-07-28 client listening through the ambassador: `subscriptions/listen` instead of the GET
// stream and `resources/subscribe`.
//
//   node listen.mjs --url https://localhost:PORT/mcp --slug SLUG
//
// The session token comes from the environment (AMBASSADOR_TOKEN), never from the command line, and
// is never printed. The ambassador's CA is trusted through NODE_EXTRA_CA_CERTS.
//
// The client (the TS SDK v2 client pinned to 2026-07-28) listens for tool list changes and for
// updates of one of server-everything's resources under its ambassador URI (and one URI no server
// has, which the acknowledgement must leave out). It turns on server-everything's simulated
// resource updates and waits for one; then prints `LISTENING` and waits for a tool list change,
// which the test causes by changing a grant.
//
// Output: one line per check, and last one line `RESULT {...}`. Exit status 0 only when every
// check passed.

import { parseArgs } from 'node:util';
import { Client, StreamableHTTPClientTransport } from '@modelcontextprotocol/client';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    slug: { type: 'string' },
  },
});
const TOKEN = process.env.AMBASSADOR_TOKEN ?? '';
const PREFIX = `${options.slug}__`;
const MODERN = '2026-07-28';
const WHOLE_RUN_MS = 100_000;
const WAIT_MS = 40_000;
const WATCHED = `mcp-ambassador://${options.slug}/demo://resource/static/document/features.md`;
const UNKNOWN = `mcp-ambassador://no-such-server-${options.slug}/demo://nothing`;

const checks = {};
let failed = false;

function say(line) {
  process.stdout.write(`${TOKEN ? String(line).split(TOKEN).join('<token>') : line}\n`);
}

function record(name, passed, details = {}) {
  checks[name] = { passed, ...details };
  failed ||= !passed;
  say(`${passed ? 'PASS' : 'FAIL'} ${name}${passed ? '' : ` ${JSON.stringify(details)}`}`);
}

// Resolves with the first notification `matches` accepts, or null after WAIT_MS.
function waiter(received, matches) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), WAIT_MS);
    const check = () => {
      const found = received.find(matches);
      if (found) {
        clearTimeout(timer);
        resolve(found);
        return true;
      }
      return false;
    };
    if (!check()) {
      received.watchers.push(check);
    }
  });
}

async function main() {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const client = new Client({ name: 'modern-listen', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
  const received = [];
  received.watchers = [];
  const note = (method) => (notification) => {
    received.push({ method, params: notification.params });
    received.watchers = received.watchers.filter((watch) => !watch());
  };
  for (const method of [
    'notifications/tools/list_changed',
    'notifications/prompts/list_changed',
    'notifications/resources/updated',
  ]) {
    client.setNotificationHandler(method, note(method));
  }
  const transport = new StreamableHTTPClientTransport(new URL(options.url), { requestInit: { headers } });
  let subscription;
  try {
    await client.connect(transport);
    const capabilities = client.getServerCapabilities() ?? {};
    record('modern-era', client.getNegotiatedProtocolVersion() === MODERN);
    record('discover-offers-subscriptions', capabilities.resources?.subscribe === true && capabilities.tools?.listChanged === true, {
      capabilities,
    });

    subscription = await client.listen({ toolsListChanged: true, resourceSubscriptions: [WATCHED, UNKNOWN] });
    const honored = subscription.honoredFilter;
    record(
      'acknowledged',
      honored.toolsListChanged === true &&
        honored.promptsListChanged !== true &&
        JSON.stringify(honored.resourceSubscriptions) === JSON.stringify([WATCHED]),
      { honored },
    );

    const updated = waiter(received, (n) => n.method === 'notifications/resources/updated' && n.params?.uri === WATCHED);
    await client.callTool({ name: `${PREFIX}toggle-subscriber-updates`, arguments: {} });
    const update = await updated;
    record('resource-updated', update !== null, { received });
    await client.callTool({ name: `${PREFIX}toggle-subscriber-updates`, arguments: {} });

    const listChanged = waiter(received, (n) => n.method === 'notifications/tools/list_changed');
    say('LISTENING');
    record('tools-list-changed', (await listChanged) !== null, { received });

    await subscription.close();
    record('closed', (await subscription.closed) === 'local');
  } catch (error) {
    record('run', false, { error: String(error?.stack ?? error) });
  } finally {
    await client.close().catch(() => {});
  }
}

const deadline = setTimeout(() => {
  record('run', false, { error: `not done within ${WHOLE_RUN_MS} ms` });
  say(`RESULT ${JSON.stringify({ passed: false, checks })}`);
  process.exit(1);
}, WHOLE_RUN_MS);
await main();
clearTimeout(deadline);
const passed = !failed && Object.keys(checks).length > 0;
say(`RESULT ${JSON.stringify({ passed, checks })}`);
process.exit(passed ? 0 : 1);
