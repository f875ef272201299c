// Clients of both eras through the ambassador to a downstream that speaks 2026-07-28 only
// (../servers/modern-server.mjs).
//
//   node modern-downstream.mjs --url https://localhost:PORT/mcp --slug SLUG
//
// The session token comes from the environment (AMBASSADOR_TOKEN), never from the command line, and
// is never printed. The ambassador's CA is trusted through NODE_EXTRA_CA_CERTS.
//
// The legacy client is the v1 SDK (@modelcontextprotocol/sdk) at 2025-11-25: it lists and calls
// the server's tools, sees progress, answers the server's elicitation and sampling as ordinary
// server-to-client requests (the server asked with InputRequiredResult), reads the resource, gets
// the prompt, and cancels a call, which must reach the server. The modern client is the TS SDK v2
// client (@modelcontextprotocol/client) pinned to 2026-07-28: it lists and calls, sees progress,
// and answers the elicitation through InputRequiredResult rounds.
//
// Output: one line per check, and last one line `RESULT {...}`. Exit status 0 only when every
// check passed.

import { parseArgs } from 'node:util';
import { Client as ModernClient, StreamableHTTPClientTransport as ModernTransport } from '@modelcontextprotocol/client';
import { Client as LegacyClient } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as LegacyTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CreateMessageRequestSchema, ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const { values: options } = parseArgs({
  options: {
    url: { type: 'string' },
    slug: { type: 'string' },
  },
});
const TOKEN = process.env.AMBASSADOR_TOKEN ?? '';
const PREFIX = `${options.slug}__`;
const WHOLE_RUN_MS = 100_000;
const MODERN = '2026-07-28';
const CAPABILITIES = { sampling: {}, elicitation: {} };
const TOOLS = ['echo', 'count', 'confirm-action', 'ask-model', 'wait', 'cancellations'];

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

function textOf(result) {
  return result?.content?.[0]?.text;
}

async function legacyChecks(legacy, asked) {
  await check('legacy-tools-list', async () => {
    const names = (await legacy.listTools()).tools.map((tool) => tool.name);
    return { passed: TOOLS.every((tool) => names.includes(`${PREFIX}${tool}`)), names };
  });
  await check('legacy-echo', async () => {
    const result = await legacy.callTool({ name: `${PREFIX}echo`, arguments: { message: 'legacy to modern' } });
    return { passed: textOf(result) === 'Echo: legacy to modern' && !('resultType' in result), result };
  });
  await check('legacy-progress', async () => {
    const progress = [];
    const result = await legacy.callTool({ name: `${PREFIX}count`, arguments: { to: 3 } }, undefined, {
      onprogress: (update) => progress.push(update.progress),
    });
    return { passed: textOf(result) === 'Counted to 3' && progress.join(',') === '1,2,3', progress, result };
  });
  await check('legacy-elicitation', async () => {
    const result = await legacy.callTool({ name: `${PREFIX}confirm-action`, arguments: { action: 'deploy' } });
    const question = asked.find((one) => one.method === 'elicitation/create');
    return {
      passed: textOf(result) === 'Confirmed deploy: looks right' && question?.params?.message === 'Confirm deploy?',
      result,
      asked,
    };
  });
  await check('legacy-sampling', async () => {
    const result = await legacy.callTool({ name: `${PREFIX}ask-model`, arguments: { question: 'Hi?' } });
    return { passed: textOf(result) === 'The model said: sampled answer', result };
  });
  await check('legacy-resource', async () => {
    const resources = (await legacy.listResources()).resources;
    const greeting = resources.find((resource) => resource.name === 'greeting');
    const read = greeting ? await legacy.readResource({ uri: greeting.uri }) : undefined;
    return { passed: read?.contents?.[0]?.text === 'Hello from 2026-07-28', resources, read };
  });
  await check('legacy-prompt', async () => {
    const prompt = await legacy.getPrompt({ name: `${PREFIX}greet`, arguments: { name: 'Ada' } });
    return { passed: prompt.messages?.[0]?.content?.text === 'Greet Ada', prompt };
  });
  await check('legacy-cancel-reaches-the-server', async () => {
    const count = async () =>
      Number(textOf(await legacy.callTool({ name: `${PREFIX}cancellations`, arguments: {} })));
    const before = await count();
    const abort = new AbortController();
    // Cancelled once the server says the wait has begun, so the cancel finds it running.
    const waiting = legacy
      .callTool({ name: `${PREFIX}wait`, arguments: { seconds: 60 } }, undefined, {
        signal: abort.signal,
        onprogress: () => abort.abort('enough'),
      })
      .then(() => 'answered', () => 'rejected');
    const outcome = await waiting;
    const deadline = Date.now() + 15_000;
    let after = await count();
    while (after <= before && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = await count();
    }
    return { passed: outcome === 'rejected' && after > before, outcome, before, after };
  });
}

async function modernChecks(modern, asked) {
  await check('modern-era', async () => ({
    passed: modern.getProtocolEra() === 'modern' && modern.getNegotiatedProtocolVersion() === MODERN,
    era: modern.getProtocolEra(),
  }));
  await check('modern-tools-list', async () => {
    const names = (await modern.listTools()).tools.map((tool) => tool.name);
    return { passed: TOOLS.every((tool) => names.includes(`${PREFIX}${tool}`)), names };
  });
  await check('modern-echo', async () => {
    const result = await modern.callTool({ name: `${PREFIX}echo`, arguments: { message: 'modern to modern' } });
    return { passed: textOf(result) === 'Echo: modern to modern', result };
  });
  await check('modern-progress', async () => {
    const progress = [];
    const result = await modern.callTool(
      { name: `${PREFIX}count`, arguments: { to: 2 } },
      { onprogress: (update) => progress.push(update.progress) },
    );
    return { passed: textOf(result) === 'Counted to 2' && progress.join(',') === '1,2', progress, result };
  });
  await check('modern-elicitation-through-rounds', async () => {
    const result = await modern.callTool({ name: `${PREFIX}confirm-action`, arguments: { action: 'ship' } });
    return {
      passed: textOf(result) === 'Confirmed ship: looks right' && asked.some((one) => one.params?.message === 'Confirm ship?'),
      result,
      asked,
    };
  });
}

async function main() {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const asked = { legacy: [], modern: [] };
  const elicitationAnswer = { action: 'accept', content: { confirm: true, reason: 'looks right' } };
  const samplingAnswer = {
    role: 'assistant',
    content: { type: 'text', text: 'sampled answer' },
    model: 'test-model',
    stopReason: 'endTurn',
  };
  const legacy = new LegacyClient({ name: 'legacy-to-modern', version: '1.0.0' }, { capabilities: CAPABILITIES });
  legacy.setRequestHandler(ElicitRequestSchema, async (request) => {
    asked.legacy.push({ method: request.method, params: request.params });
    return elicitationAnswer;
  });
  legacy.setRequestHandler(CreateMessageRequestSchema, async (request) => {
    asked.legacy.push({ method: request.method, params: request.params });
    return samplingAnswer;
  });
  const modern = new ModernClient(
    { name: 'modern-to-modern', version: '1.0.0' },
    { capabilities: CAPABILITIES, versionNegotiation: { mode: { pin: MODERN } } },
  );
  modern.setRequestHandler('elicitation/create', async (request) => {
    asked.modern.push({ method: request.method, params: request.params });
    return elicitationAnswer;
  });
  try {
    await legacy.connect(new LegacyTransport(new URL(options.url), { requestInit: { headers } }));
    await legacyChecks(legacy, asked.legacy);
    await modern.connect(new ModernTransport(new URL(options.url), { requestInit: { headers } }));
    await modernChecks(modern, asked.modern);
  } catch (error) {
    record('run', false, { error: String(error?.stack ?? error) });
  } finally {
    await modern.close().catch(() => {});
    await legacy.close().catch(() => {});
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
