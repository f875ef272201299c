// Clients of both eras hearing, through the ambassador, what a downstream that speaks 2026-07-28
// only (../servers/modern-server.mjs) announces on the subscriptions/listen stream the ambassador
// keeps open toward it: a tool list change and an update of a subscribed resource.
//
//   node modern-listen-downstream.mjs --url https://localhost:PORT/mcp --slug SLUG
//
// The session token comes from the environment (AMBASSADOR_TOKEN), never from the command line, and
// is never printed. The ambassador's CA is trusted through NODE_EXTRA_CA_CERTS.
//
// The legacy client (the v1 SDK at 2025-11-25) subscribes to the server's greeting with
// resources/subscribe, has the server announce an update (touch-greeting) and waits for it on its
// GET stream under the ambassador's URI; then has the server add a tool and waits for the tool
// list change, after which the new tool is listed. The modern client (the v2 SDK pinned to
// 2026-07-28) does the same on its own subscriptions/listen stream.
//
// Output: one line per check, and last one line `RESULT {...}`. Exit status 0 only when every
// check passed.

import { parseArgs } from 'node:util';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    slug: { type: 'string' },
  },
});
const TOKEN = process.env.AMBASSADOR_TOKEN ?? '';
const PREFIX = `${options.slug}__`;
const GREETING = `mcp-ambassador://${options.slug}/modern://greeting`;
const WHOLE_RUN_MS = 100_000;
const WAIT_MS = 30_000;
const MODERN = '2026-07-28';

const checks = {};
let failed = false;

function say(line) {
  process.stdout.write(`${TOKEN ? String(line).split(TOKEN).join('<token>') : line}\n`);
}

function record(name, passed, details = {}) {
  checks[name] = { passed, ...details };
  failed ||= !passed;
  say(`${passed ? 'PASS' : 'FAIL'} ${name}${passed ? '' : ` ${JSON.stringify(details).slice(0, 2000)}`}`);
}

async function check(name, run) {
  try {
    const details = await run();
    record(name, details.passed, details);
  } catch (error) {
    record(name, false, { error: String(error?.stack ?? error) });
  }
}

// What a client heard, and a way to wait for the first notification `matches` accepts (null
// after WAIT_MS).
function inbox() {
  const received = [];
  let watchers = [];
  return {
    received,
    add(method, params) {
      received.push({ method, params });
      watchers = watchers.filter((watch) => !watch());
    },
    next(matches) {
      const from = received.length;
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(null), WAIT_MS);
        const watch = () => {
          const found = received.slice(from).find(matches);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
          return found !== undefined;
        };
        if (!watch()) {
          watchers.push(watch);
        }
      });
    },
  };
}

async function heardBoth(client, heard, era, toolName) {
  await check(`${era}-resource-updated`, async () => {
    const updated = heard.next((n) => n.method === 'notifications/resources/updated' && n.params?.uri === GREETING);
    await client.callTool({ name: `${PREFIX}touch-greeting`, arguments: {} });
    const update = await updated;
    // The server's own subscriptionId stays with the ambassador: a legacy client gets no _meta, a
    // modern one the id of its own stream.
    const meta = update?.params?._meta;
    const clean = era === 'legacy' ? meta === undefined : typeof meta?.['io.modelcontextprotocol/subscriptionId'] === 'string';
    return { passed: update !== null && clean, received: heard.received };
  });
  await check(`${era}-tools-list-changed`, async () => {
    const changed = heard.next((n) => n.method === 'notifications/tools/list_changed');
    await client.callTool({ name: `${PREFIX}add-tool`, arguments: { name: toolName } });
    const change = await changed;
    const names = (await client.listTools()).tools.map((tool) => tool.name);
    return { passed: change !== null && names.includes(`${PREFIX}${toolName}`), names, received: heard.received };
  });
}

async function legacyChecks(headers) {
  const heard = inbox();
  const legacy = new LegacyClient({ name: 'legacy-listens', version: '1.0.0' }, { capabilities: {} });
  legacy.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => heard.add(n.method, n.params));
  legacy.setNotificationHandler(ToolListChangedNotificationSchema, (n) => heard.add(n.method, n.params));
  try {
    await legacy.connect(new LegacyTransport(new URL(options.url), { requestInit: { headers } }));
    await check('legacy-subscribe', async () => {
      const result = await legacy.subscribeResource({ uri: GREETING });
      return { passed: result !== undefined, result };
    });
    await heardBoth(legacy, heard, 'legacy', `added-for-legacy-${options.slug}`);
    await check('legacy-unsubscribe', async () => {
      const result = await legacy.unsubscribeResource({ uri: GREETING });
      return { passed: result !== undefined, result };
    });
  } finally {
    await legacy.close().catch(() => {});
  }
}

async function modernChecks(headers) {
  const heard = inbox();
  const modern = new ModernClient({ name: 'modern-listens', version: '1.0.0' }, { versionNegotiation: { mode: { pin: MODERN } } });
  for (const method of ['notifications/tools/list_changed', 'notifications/resources/updated']) {
    modern.setNotificationHandler(method, (n) => heard.add(method, n.params));
  }
  let subscription;
  try {
    await modern.connect(new ModernTransport(new URL(options.url), { requestInit: { headers } }));
    await check('modern-listen-acknowledged', async () => {
      subscription = await modern.listen({ toolsListChanged: true, resourceSubscriptions: [GREETING] });
      const honored = subscription.honoredFilter;
      return {
        passed: honored.toolsListChanged === true && JSON.stringify(honored.resourceSubscriptions) === JSON.stringify([GREETING]),
        honored,
      };
    });
    await heardBoth(modern, heard, 'modern', `added-for-modern-${options.slug}`);
    await subscription?.close();
  } finally {
    await modern.close().catch(() => {});
  }
}

async function main() {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  try {
    await legacyChecks(headers);
    await modernChecks(headers);
  } catch (error) {
    record('run', false, { error: String(error?.stack ?? error) });
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
