// A 2026-07-28 client through the ambassador, compared with a 2025-11-25 client through the same
// ambassador to the same server.
//
//   node modern.mjs --url https://localhost:PORT/mcp --slug SLUG
//
// The session token comes from the environment (AMBASSADOR_TOKEN), never from the command line, and
// is never printed. The ambassador's CA is trusted through NODE_EXTRA_CA_CERTS.
//
// The modern client is the TS SDK v2 client (@modelcontextprotocol/client) pinned to 2026-07-28:
// it fails unless the ambassador offers that version through server/discover. The legacy client is
// the v1 SDK (@modelcontextprotocol/sdk) over Streamable HTTP with initialize and a session. Both
// list and call server-everything's tools, resources and prompts; every answer must be equal field
// for field, leaving out only what one era has and the other has not (resultType, ttlMs,
// cacheScope and the server's name in _meta; a tool's `execution`, which 2026-07-28 deleted).
//
// Output: one line per check, and last one line `RESULT {...}`. Exit status 0 only when every
// check passed.

import { isDeepStrictEqual, parseArgs } from 'node:util';
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
const SERVER_INFO_KEY = 'io.modelcontextprotocol/serverInfo';

// Calls whose results depend only on their arguments.
const TINY_TEXT = Buffer.from('modern through the ambassador\n').toString('base64');
const CALLS = [
  ['echo', { message: 'fidelity' }],
  ['get-sum', { a: 2, b: 40 }],
  ['get-sum', { a: 'not a number' }],
  ['get-tiny-image', {}],
  ['get-annotated-message', { messageType: 'error', includeImage: true }],
  ['get-resource-links', { count: 3 }],
  ['get-resource-reference', { resourceType: 'Blob', resourceId: 2 }],
  ['get-resource-reference', { resourceType: 'Text', resourceId: 1 }],
  ['get-structured-content', { location: 'Chicago' }],
  ['no-such-tool', {}],
];

// What both clients answer when the server asks, so the results compare. The legacy client is
// asked with server-to-client requests, the modern one through InputRequiredResult rounds.
const SAMPLING_ANSWER = {
  role: 'assistant',
  content: { type: 'text', text: 'modern sampling answer' },
  model: 'parity-model',
  stopReason: 'endTurn',
};
const ELICITATION_ANSWER = { action: 'accept', content: { name: 'Ada Lovelace' } };
const CAPABILITIES = { sampling: {}, elicitation: {} };
const ASKING = [
  ['trigger-sampling-request', { prompt: 'Say hi', maxTokens: 10 }],
  ['trigger-elicitation-request', {}],
];

const checks = {};
let failed = false;

function say(line) {
  process.stdout.write(`${TOKEN ? String(line).split(TOKEN).join('<token>') : line}\n`);
}

function record(name, passed, details = {}) {
  checks[name] = { passed, ...details };
  failed ||= !passed;
  say(`${passed ? 'PASS' : 'FAIL'} ${name}`);
}

// The differences between two JSON values, as `path: legacy … modern …`, at most `limit`.
function differences(legacy, modern, path = '$', found = [], limit = 20) {
  if (found.length >= limit || isDeepStrictEqual(legacy, modern)) {
    return found;
  }
  const bothObjects = legacy && modern && typeof legacy === 'object' && typeof modern === 'object';
  if (bothObjects && Array.isArray(legacy) === Array.isArray(modern)) {
    for (const key of new Set([...Object.keys(legacy), ...Object.keys(modern)])) {
      differences(legacy[key], modern[key], Array.isArray(legacy) ? `${path}[${key}]` : `${path}.${key}`, found, limit);
    }
    return found;
  }
  found.push(`${path}: legacy ${JSON.stringify(legacy)?.slice(0, 300)} modern ${JSON.stringify(modern)?.slice(0, 300)}`);
  return found;
}

// What only the modern era adds to a result; everything else must be equal.
function withoutEraFields(result) {
  if (!result || typeof result !== 'object') {
    return result;
  }
  const { resultType, ttlMs, cacheScope, nextCursor, ...rest } = result;
  if (rest._meta && typeof rest._meta === 'object') {
    const { [SERVER_INFO_KEY]: serverInfo, ...meta } = rest._meta;
    if (Object.keys(meta).length === 0) {
      delete rest._meta;
    } else {
      rest._meta = meta;
    }
  }
  return rest;
}

async function outcome(call) {
  try {
    return { result: withoutEraFields(await call()) };
  } catch (error) {
    return { error: { code: error?.code, message: String(error?.message ?? error) } };
  }
}

function compare(name, legacy, modern) {
  const found = differences(legacy, modern);
  record(name, found.length === 0, found.length === 0 ? {} : { differences: found });
}

async function main() {
  const headers = { Authorization: `Bearer ${TOKEN}` };
  const modern = new ModernClient(
    { name: 'modern-parity', version: '1.0.0' },
    { capabilities: CAPABILITIES, versionNegotiation: { mode: { pin: MODERN } } },
  );
  const asked = { modern: [], legacy: [] };
  modern.setRequestHandler('sampling/createMessage', async () => {
    asked.modern.push('sampling/createMessage');
    return SAMPLING_ANSWER;
  });
  modern.setRequestHandler('elicitation/create', async () => {
    asked.modern.push('elicitation/create');
    return ELICITATION_ANSWER;
  });
  const modernTransport = new ModernTransport(new URL(options.url), { requestInit: { headers } });
  const legacy = new LegacyClient({ name: 'legacy-parity', version: '1.0.0' }, { capabilities: CAPABILITIES });
  legacy.setRequestHandler(CreateMessageRequestSchema, async () => {
    asked.legacy.push('sampling/createMessage');
    return SAMPLING_ANSWER;
  });
  legacy.setRequestHandler(ElicitRequestSchema, async () => {
    asked.legacy.push('elicitation/create');
    return ELICITATION_ANSWER;
  });
  const legacyTransport = new LegacyTransport(new URL(options.url), { requestInit: { headers } });
  try {
    await modern.connect(modernTransport);
    await legacy.connect(legacyTransport);
    record('modern-era', modern.getProtocolEra() === 'modern' && modern.getNegotiatedProtocolVersion() === MODERN, {
      era: modern.getProtocolEra(),
      version: modern.getNegotiatedProtocolVersion(),
      supported: modern.getDiscoverResult()?.supportedVersions,
    });
    record('legacy-era', legacy.getServerVersion()?.name === 'mcp-ambassador' && legacyTransport.sessionId !== undefined);

    // `execution` (task support) is not part of a 2026-07-28 tool: tasks are an extension there.
    const legacyTools = (await legacy.listTools()).tools.map(({ execution, ...tool }) => tool);
    const modernTools = (await modern.listTools()).tools;
    compare('tools-list', legacyTools, modernTools);
    record('tools-named-for-the-server', modernTools.length > 0 && modernTools.every((tool) => tool.name.startsWith(PREFIX)), {
      count: modernTools.length,
    });

    for (const [tool, args] of CALLS) {
      // Some results name the second they were made: the modern one must equal a legacy one made
      // just before or just after it.
      const params = { name: `${PREFIX}${tool}`, arguments: args };
      const before = await outcome(() => legacy.callTool(params));
      const modernResult = await outcome(() => modern.callTool(params));
      const after = await outcome(() => legacy.callTool(params));
      compare(`call ${tool} ${JSON.stringify(args)}`, isDeepStrictEqual(after, modernResult) ? after : before, modernResult);
    }

    for (const [tool, args] of ASKING) {
      const params = { name: `${PREFIX}${tool}`, arguments: args };
      const legacyResult = await outcome(() => legacy.callTool(params));
      const modernResult = await outcome(() => modern.callTool(params));
      compare(`call ${tool} ${JSON.stringify(args)}`, legacyResult, modernResult);
    }
    compare('asked-alike', asked.legacy, asked.modern);
    record('asked-through-input-required-rounds', asked.modern.length === ASKING.length, { asked: asked.modern });

    compare('resources-list', await outcome(() => legacy.listResources()), await outcome(() => modern.listResources()));
    compare(
      'resource-templates-list',
      await outcome(() => legacy.listResourceTemplates()),
      await outcome(() => modern.listResourceTemplates()),
    );
    const firstResource = (await legacy.listResources()).resources[0];
    record('a-resource-to-read', firstResource !== undefined);
    if (firstResource) {
      compare(
        'resources-read',
        await outcome(() => legacy.readResource({ uri: firstResource.uri })),
        await outcome(() => modern.readResource({ uri: firstResource.uri })),
      );
    }
    compare('prompts-list', await outcome(() => legacy.listPrompts()), await outcome(() => modern.listPrompts()));
    compare(
      'prompts-get',
      await outcome(() => legacy.getPrompt({ name: `${PREFIX}simple-prompt` })),
      await outcome(() => modern.getPrompt({ name: `${PREFIX}simple-prompt` })),
    );
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
