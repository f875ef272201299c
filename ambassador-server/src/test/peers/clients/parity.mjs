// Parity of a real MCP client library through the ambassador with the same client spoken directly
// to the same server.
//
//   node parity.mjs --mode sdk|mcp-remote --url https://localhost:PORT/mcp --slug SLUG \
//                   --server-everything PATH/TO/server-everything/dist/index.js [--downstream-node node]
//
// The session token comes from the environment (AMBASSADOR_TOKEN), never from the command line, and
// is never printed. The ambassador's CA is trusted through NODE_EXTRA_CA_CERTS.
//
// Two clients with the same capabilities (sampling, elicitation, roots) and the same answers to the
// server's questions: a reference client on server-everything over stdio, and a brokered one on the
// ambassador, either the TS SDK's Streamable HTTP transport or mcp-remote as a stdio proxy. Every
// tool result of the brokered client must equal the direct one field for field (tool names mapped
// to `<slug>__<tool>`). Then the script prints READY_FOR_GRANT_CHANGE and waits for the caller to
// change a grant, which must reach the brokered client as notifications/tools/list_changed.
//
// Output: progress lines, READY_FOR_GRANT_CHANGE, LIST_CHANGED_RECEIVED, and last one line
// `RESULT {...}` with every check and its differences. Exit status 0 only when every check passed.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, isDeepStrictEqual } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  CreateMessageRequestSchema,
  ElicitRequestSchema,
  ListRootsRequestSchema,
  ProgressNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

const { values: options } = parseArgs({
  options: {
    mode: { type: 'string' },
    url: { type: 'string' },
    slug: { type: 'string' },
    'server-everything': { type: 'string' },
    'downstream-node': { type: 'string', default: 'node' },
    'list-changed-wait-ms': { type: 'string', default: '15000' },
  },
});
const TOKEN = process.env.AMBASSADOR_TOKEN ?? '';
const MODE = options.mode;
const PREFIX = `${options.slug}__`;
const WHOLE_RUN_MS = 110_000;
const CALL_TIMEOUT_MS = 30_000;

// What the clients answer when the server asks; the same on both sides so the results compare.
const SAMPLING_TEXT = 'parity sampling answer';
const SAMPLING_ANSWER = {
  role: 'assistant',
  content: { type: 'text', text: SAMPLING_TEXT },
  model: 'parity-model',
  stopReason: 'endTurn',
};
const ELICITED_NAME = 'Ada Lovelace';
const ELICITATION_ANSWER = { action: 'accept', content: { name: ELICITED_NAME } };
const ROOTS = [{ uri: 'file:///parity/workspace', name: 'parity workspace' }];
const CAPABILITIES = { sampling: {}, elicitation: {}, roots: { listChanged: true } };

// Calls whose results depend only on their arguments (and on the answers above). Tools called with
// several arguments show up once per call; stateful toggles are called twice, on then off again.
const TINY_TEXT = Buffer.from('parity through the ambassador\n').toString('base64');
const CALLS = [
  ['echo', { message: 'fidelity' }],
  ['get-sum', { a: 2, b: 40 }],
  ['get-sum', { a: 'not a number' }],
  ['get-tiny-image', {}],
  ['get-annotated-message', { messageType: 'error', includeImage: true }],
  ['get-annotated-message', { messageType: 'success', includeImage: false }],
  ['get-resource-links', { count: 3 }],
  ['get-resource-reference', { resourceType: 'Blob', resourceId: 2 }],
  ['get-resource-reference', { resourceType: 'Text', resourceId: 1 }],
  ['get-structured-content', { location: 'Chicago' }],
  // A data URI, so no network is involved; each call registers a resource, so names differ.
  ['gzip-file-as-resource', { name: 'parity.txt.gz', data: `data:text/plain;base64,${TINY_TEXT}`, outputType: 'resource' }],
  ['gzip-file-as-resource', { name: 'parity-link.txt.gz', data: `data:text/plain;base64,${TINY_TEXT}`, outputType: 'resourceLink' }],
  ['toggle-simulated-logging', {}],
  ['toggle-simulated-logging', {}],
  ['toggle-subscriber-updates', {}],
  ['toggle-subscriber-updates', {}],
  // Roots are the client's: the ambassador asks the calling client (for a per-user process).
  ['get-roots-list', {}],
  // The environment the server was started with: the same on both sides (see INHERITED).
  ['get-env', {}],
];
// Tools with their own check below.
const LONG_RUNNING = ['trigger-long-running-operation', { duration: 1, steps: 3 }];
const SAMPLING = ['trigger-sampling-request', { prompt: 'Say hi', maxTokens: 10 }];
const ELICITATION = ['trigger-elicitation-request', {}];
// Runs only as a task (execution.taskSupport "required"): called the task way on both sides.
const TASK = ['simulate-research-query', { topic: 'parity' }];
const EXCLUDED = {};
// The variables the ambassador passes on to a downstream process (ChildEnvironment.INHERITED):
// the direct server gets the same, so even get-env, which lists them, must answer alike.
const INHERITED = ['PATH', 'HOME', 'LANG', 'TZ', 'PWD'];

const checks = {};
const stderrTail = [];
let failed = false;

function redact(text) {
  return TOKEN ? String(text).split(TOKEN).join('<token>') : String(text);
}

function say(line) {
  process.stdout.write(`${redact(line)}\n`);
}

function record(name, passed, details = {}) {
  checks[name] = { passed, ...details };
  failed ||= !passed;
  say(`${passed ? 'PASS' : 'FAIL'} ${name}`);
}

function finish() {
  const summary = { mode: MODE, passed: !failed && Object.keys(checks).length > 0, checks };
  if (failed && stderrTail.length > 0) {
    summary.brokeredClientStderr = stderrTail.slice(-60);
  }
  say(`RESULT ${JSON.stringify(summary)}`);
  process.exitCode = summary.passed ? 0 : 1;
}

// The differences between two JSON values, as `path: direct … brokered …`, at most `limit`.
function differences(direct, brokered, path = '$', found = [], limit = 20) {
  if (found.length >= limit || isDeepStrictEqual(direct, brokered)) {
    return found;
  }
  const bothObjects = direct && brokered && typeof direct === 'object' && typeof brokered === 'object';
  if (bothObjects && Array.isArray(direct) === Array.isArray(brokered)) {
    const keys = new Set([...Object.keys(direct), ...Object.keys(brokered)]);
    for (const key of keys) {
      differences(direct[key], brokered[key], Array.isArray(direct) ? `${path}[${key}]` : `${path}.${key}`, found, limit);
    }
    return found;
  }
  const show = (value) => (value === undefined ? '(absent)' : JSON.stringify(value).slice(0, 300));
  found.push(`${path}: direct ${show(direct)} brokered ${show(brokered)}`);
  return found;
}

function newClient(name) {
  const seen = { sampling: [], elicitation: [], progress: [], toolListChanged: 0 };
  const client = new Client({ name, version: '1.0.0' }, { capabilities: CAPABILITIES });
  client.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    seen.sampling.push(request.params);
    return SAMPLING_ANSWER;
  });
  client.setRequestHandler(ElicitRequestSchema, async (request) => {
    seen.elicitation.push(request.params);
    return ELICITATION_ANSWER;
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: ROOTS }));
  // Every progress notification, kept here rather than through a call's onprogress: the SDK drops
  // one that it dispatches after the answer it precedes has already been handled.
  client.setNotificationHandler(ProgressNotificationSchema, (notification) => {
    seen.progress.push(notification.params);
  });
  client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
    seen.toolListChanged += 1;
  });
  return { client, seen };
}

function brokeredTransport(secrets) {
  if (MODE === 'sdk') {
    return new StreamableHTTPClientTransport(new URL(options.url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } },
    });
  }
  if (MODE === 'mcp-remote') {
    // The header goes in a private file, not on mcp-remote's command line where `ps` shows it.
    const headers = join(secrets, 'headers');
    writeFileSync(headers, `Authorization: Bearer ${TOKEN}\n`, { mode: 0o600 });
    const proxy = fileURLToPath(new URL('../node_modules/mcp-remote/dist/proxy.js', import.meta.url));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [proxy, options.url, '--header-file', headers, '--transport', 'http-only'],
      env: {
        NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS ?? '',
        // Its OAuth store, empty and thrown away: a bearer header is all it may use.
        MCP_REMOTE_CONFIG_DIR: join(secrets, 'mcp-auth'),
        // Should it ever want to sign in, there is no browser to open.
        BROWSER: 'false',
      },
      stderr: 'pipe',
    });
    let partial = '';
    transport.stderr.on('data', (chunk) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        stderrTail.push(redact(line).slice(0, 500));
        if (stderrTail.length > 200) stderrTail.shift();
      }
    });
    return transport;
  }
  throw new Error(`--mode must be sdk or mcp-remote, not ${MODE}`);
}

async function allTools(client) {
  const tools = [];
  let cursor;
  do {
    const page = await client.listTools(cursor ? { cursor } : {});
    tools.push(...page.tools);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

// A tool's result, or its JSON-RPC error, in one shape that compares.
async function outcome(client, name, args, requestOptions = {}, meta = undefined) {
  try {
    const params = meta ? { name, arguments: args, _meta: meta } : { name, arguments: args };
    return { result: await client.callTool(params, undefined, { timeout: CALL_TIMEOUT_MS, ...requestOptions }) };
  } catch (error) {
    if (typeof error?.code === 'number') {
      return { error: { code: error.code, message: error.message, data: error.data } };
    }
    return { failure: String(error?.message ?? error) };
  }
}

function text(result) {
  return JSON.stringify(result ?? null);
}

async function compareTools(direct, brokered) {
  const expected = await allTools(direct.client);
  const listed = await allTools(brokered.client);
  const ours = listed.filter((tool) => tool.name.startsWith(PREFIX)).map((tool) => ({ ...tool, name: tool.name.slice(PREFIX.length) }));
  const byName = (tools) => Object.fromEntries(tools.map((tool) => [tool.name, tool]));
  const diffs = differences(byName(expected), byName(ours));
  record('tools-list', expected.length > 0 && diffs.length === 0, { tools: expected.length, differences: diffs });
  return expected.map((tool) => tool.name);
}

async function compareCalls(direct, brokered, toolNames) {
  const covered = new Set([...CALLS, LONG_RUNNING, SAMPLING, ELICITATION, TASK].map(([name]) => name));
  const missing = toolNames.filter((name) => !covered.has(name) && !EXCLUDED[name]);
  record('every-tool-called', missing.length === 0, { notCalled: missing, excluded: EXCLUDED });

  for (const [index, [name, args]] of CALLS.entries()) {
    let expected = await outcome(direct.client, name, args);
    const actual = await outcome(brokered.client, PREFIX + name, args);
    let diffs = differences(expected, actual);
    if (diffs.length > 0) {
      // Some results name the second they were made: a direct call just after brackets the
      // brokered one, so one of the two must match exactly.
      expected = await outcome(direct.client, name, args);
      diffs = differences(expected, actual);
    }
    const answered = expected.result !== undefined || expected.error !== undefined;
    record(`call ${index} ${name}`, answered && diffs.length === 0, {
      arguments: args,
      differences: answered ? diffs : [`the direct call failed: ${text(expected)}`],
    });
  }
}

async function compareProgress(direct, brokered) {
  const [name, args] = LONG_RUNNING;
  const progressToken = `parity-progress-${MODE}`;
  const call = (client, tool) =>
    outcome(client, tool, args, {}, { progressToken });
  direct.seen.progress.length = 0;
  brokered.seen.progress.length = 0;
  const expected = await call(direct.client, name);
  const actual = await call(brokered.client, PREFIX + name);
  const diffs = [
    ...differences(expected, actual, '$.outcome'),
    ...differences(direct.seen.progress, brokered.seen.progress, '$.progress'),
  ];
  record('progress', brokered.seen.progress.length === args.steps && diffs.length === 0, {
    progress: brokered.seen.progress,
    differences: diffs,
  });
}

// The final result of a task-augmented call: created, polled, fetched.
async function taskOutcome(client, name, args) {
  const kinds = [];
  let taskId;
  try {
    for await (const message of client.experimental.tasks.callToolStream({ name, arguments: args }, undefined, { timeout: CALL_TIMEOUT_MS })) {
      kinds.push(message.type);
      if (message.type === 'taskCreated') taskId = message.task?.taskId;
      if (message.type === 'result') return { result: withTaskIdNamed(message.result, taskId), kinds };
      if (message.type === 'error') return { error: { code: message.error?.code, message: message.error?.message }, kinds };
    }
    return { failure: 'the stream ended without a result', kinds };
  } catch (error) {
    return { failure: String(error?.message ?? error), kinds };
  }
}

// Task ids are each side's own (the ambassador hands out its own, as it renames tools): a result
// that names its task by the id the client was given is equal whatever that id is.
function withTaskIdNamed(result, taskId) {
  const related = result?._meta?.['io.modelcontextprotocol/related-task'];
  if (!related || taskId === undefined) return result;
  const named = related.taskId === taskId ? '<the task this client created>' : related.taskId;
  return { ...result, _meta: { ...result._meta, 'io.modelcontextprotocol/related-task': { ...related, taskId: named } } };
}

async function compareTask(direct, brokered) {
  const [name, args] = TASK;
  const expected = await taskOutcome(direct.client, name, args);
  const actual = await taskOutcome(brokered.client, PREFIX + name, args);
  const diffs = differences({ result: expected.result, error: expected.error, failure: expected.failure }, { result: actual.result, error: actual.error, failure: actual.failure });
  record(`task ${name}`, expected.result !== undefined && diffs.length === 0, {
    arguments: args,
    directStream: expected.kinds,
    brokeredStream: actual.kinds,
    differences: diffs,
  });
}

async function compareServerRequest(check, [name, args], direct, brokered, kind, expectedText) {
  const expected = await outcome(direct.client, name, args);
  const actual = await outcome(brokered.client, PREFIX + name, args);
  const reply = (actual.result?.content ?? []).map((part) => part.text ?? '').join('\n');
  const diffs = [
    ...differences(expected, actual, '$.outcome'),
    ...differences(direct.seen[kind], brokered.seen[kind], `$.${kind}Requests`),
  ];
  record(check, brokered.seen[kind].length === 1 && reply.includes(expectedText) && diffs.length === 0, {
    requestsReachingClient: brokered.seen[kind].length,
    answerInResult: reply.includes(expectedText),
    differences: diffs,
  });
}

async function awaitListChanged(brokered) {
  brokered.seen.toolListChanged = 0;
  say('READY_FOR_GRANT_CHANGE');
  const deadline = Date.now() + Number(options['list-changed-wait-ms']);
  while (brokered.seen.toolListChanged === 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (brokered.seen.toolListChanged > 0) {
    say('LIST_CHANGED_RECEIVED');
  }
  record('tools-list-changed', brokered.seen.toolListChanged > 0, { notifications: brokered.seen.toolListChanged });
}

async function main() {
  const watchdog = setTimeout(() => {
    record('finished-in-time', false, { limitMs: WHOLE_RUN_MS });
    finish();
    process.exit(1);
  }, WHOLE_RUN_MS);
  const secrets = mkdtempSync(join(tmpdir(), 'parity-'));
  const direct = newClient('parity-direct');
  const brokered = newClient(`parity-${MODE}`);
  try {
    // Started the way the ambassador starts it, so only the relay differs.
    await direct.client.connect(
      new StdioClientTransport({
        command: options['downstream-node'],
        args: [options['server-everything'], 'stdio'],
        env: Object.fromEntries(INHERITED.filter((name) => name in process.env).map((name) => [name, process.env[name]])),
        stderr: 'ignore',
      }),
    );
    await brokered.client.connect(brokeredTransport(secrets));
    record('connected', true);

    const toolNames = await compareTools(direct, brokered);
    await compareCalls(direct, brokered, toolNames);
    await compareProgress(direct, brokered);
    await compareTask(direct, brokered);
    await compareServerRequest('sampling', SAMPLING, direct, brokered, 'sampling', SAMPLING_TEXT);
    await compareServerRequest('elicitation', ELICITATION, direct, brokered, 'elicitation', `- Name: ${ELICITED_NAME}`);
    await awaitListChanged(brokered);
  } catch (error) {
    record('ran-to-the-end', false, { error: redact(error?.stack ?? error) });
  } finally {
    clearTimeout(watchdog);
    await Promise.allSettled([direct.client.close(), brokered.client.close()]);
    rmSync(secrets, { recursive: true, force: true });
  }
  finish();
}

await main();
// Closed transports can leave timers behind; the verdict is already out.
process.exit(process.exitCode ?? 1);
