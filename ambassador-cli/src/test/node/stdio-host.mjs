// A host application as Claude Desktop is one: the TypeScript SDK's Client on a
// StdioClientTransport that spawns `ambassador connect`, here through `sh -c '... | tee FILE'` so
// the test can read back every byte the bridge wrote to stdout.
//
//   node stdio-host.mjs --peers DIR --bridge PATH --stdout-log FILE --slug SLUG
//
// DIR is the test peers folder holding node_modules/@modelcontextprotocol/sdk (pinned there). The
// bridge gets its key and server from the environment, never the command line. Steps:
//   1. list tools, call echo, call trigger-long-running-operation with a progress token, and
//      trigger-sampling-request, answering the sampling request;
//   2. print READY_FOR_REVOCATION, wait for a line on stdin, call echo again;
//   3. print READY_FOR_RESTART, wait for a line on stdin, call echo again;
//   4. close (EOF on the bridge's stdin) and print `RESULT {...}`; exit 0 only when all passed.

import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: options } = parseArgs({
  options: {
    peers: { type: 'string' },
    bridge: { type: 'string' },
    'stdout-log': { type: 'string' },
    slug: { type: 'string' },
  },
});
const sdk = (path) => import(pathToFileURL(join(options.peers, 'node_modules/@modelcontextprotocol/sdk/dist/esm', path)).href);
const { Client } = await sdk('client/index.js');
const { StdioClientTransport } = await sdk('client/stdio.js');
const { CreateMessageRequestSchema, ProgressNotificationSchema } = await sdk('types.js');

const SAMPLING_TEXT = 'answered by the stdio host';
const CALL_TIMEOUT_MS = 60_000;
const tool = (name) => `${options.slug}__${name}`;
const checks = {};
const errors = [];
let failed = false;

function record(name, passed, details = {}) {
  checks[name] = { passed, ...details };
  failed ||= !passed;
  process.stdout.write(`${passed ? 'PASS' : 'FAIL'} ${name}\n`);
}

const lines = createInterface({ input: process.stdin });
const waiting = [];
lines.on('line', () => waiting.shift()?.());
const nextLine = () => new Promise((resolve) => waiting.push(resolve));

async function attempt(name, action, check) {
  try {
    const result = await action();
    record(name, check(result), { result });
  } catch (error) {
    record(name, false, { error: String(error?.message ?? error), code: error?.code });
  }
}

const echoed = (result, text) => result?.content?.[0]?.text?.includes(text);
const samplingRequests = [];
const client = new Client({ name: 'stdio-host', version: '1.0.0' }, { capabilities: { sampling: {} } });
client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
  samplingRequests.push(request.params);
  return { role: 'assistant', content: { type: 'text', text: SAMPLING_TEXT }, model: 'host-model', stopReason: 'endTurn' };
});
// Every progress notification, kept here rather than through a call's onprogress: the SDK drops
// (and reports as an error) one that it dispatches after the answer it belongs to.
const progress = [];
client.setNotificationHandler(ProgressNotificationSchema, (notification) => {
  progress.push(notification.params);
});
client.onerror = (error) => errors.push(String(error?.message ?? error));
const until = async (condition, ms) => {
  for (const end = Date.now() + ms; !condition() && Date.now() < end; ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return condition();
};

const transport = new StdioClientTransport({
  command: '/bin/sh',
  args: ['-c', 'exec "$BRIDGE" connect | tee "$STDOUT_LOG"'],
  env: { ...process.env, BRIDGE: options.bridge, STDOUT_LOG: options['stdout-log'] },
  stderr: 'inherit',
});

try {
  await client.connect(transport);
  await attempt('tools-list', () => client.listTools(), (r) => r.tools.some((t) => t.name === tool('echo')));
  await attempt('echo', () => client.callTool({ name: tool('echo'), arguments: { message: 'through the bridge' } }, undefined, { timeout: CALL_TIMEOUT_MS }), (r) => echoed(r, 'through the bridge'));
  await attempt(
    'progress',
    async () => {
      const result = await client.callTool(
        { name: tool('trigger-long-running-operation'), arguments: { duration: 1, steps: 3 }, _meta: { progressToken: 'bridge-progress' } },
        undefined,
        { timeout: CALL_TIMEOUT_MS },
      );
      await until(() => progress.length >= 3, 10_000);
      return result;
    },
    (r) => !r.isError && progress.length === 3 && progress.every((p) => p.progressToken === 'bridge-progress'),
  );
  checks.progress.notifications = progress;
  await attempt(
    'sampling',
    () => client.callTool({ name: tool('trigger-sampling-request'), arguments: { prompt: 'Say hi', maxTokens: 10 } }, undefined, { timeout: CALL_TIMEOUT_MS }),
    (r) => samplingRequests.length === 1 && JSON.stringify(r).includes(SAMPLING_TEXT),
  );

  process.stdout.write('READY_FOR_REVOCATION\n');
  await nextLine();
  await attempt('echo-after-revocation', () => client.callTool({ name: tool('echo'), arguments: { message: 'after revocation' } }, undefined, { timeout: CALL_TIMEOUT_MS }), (r) => echoed(r, 'after revocation'));

  process.stdout.write('READY_FOR_RESTART\n');
  await nextLine();
  await attempt('echo-after-restart', () => client.callTool({ name: tool('echo'), arguments: { message: 'after restart' } }, undefined, { timeout: CALL_TIMEOUT_MS }), (r) => echoed(r, 'after restart'));
} catch (error) {
  record('connect', false, { error: String(error?.message ?? error) });
} finally {
  await client.close().catch(() => {});
}
record('no-transport-errors', errors.length === 0, { errors });
process.stdout.write(`RESULT ${JSON.stringify({ passed: !failed, checks })}\n`);
lines.close();
process.exitCode = failed ? 1 : 0;
