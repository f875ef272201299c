// The fixture the MCP conformance suite (@modelcontextprotocol/conformance, pinned in
// ../package.json) runs against: a server built with the TypeScript SDK v2
// (@modelcontextprotocol/server, pinned) that serves both protocol eras on one Streamable HTTP
// endpoint, with the tools, resources and prompts the suite's server scenarios call.
//
//   node conformance-server.mjs --port PORT
//
// 2026-07-28 requests go to the SDK's per-request handler; 2025-era requests to sessionful
// transports (one server per Mcp-Session-Id), because the 2025 scenarios need sessions: DELETE,
// server-to-client requests answered on a later POST, a resumable stream. Host and Origin must
// name loopback (the suite's DNS rebinding check).
//
// The tools, resources and prompts are those each scenario's description asks for
// (`conformance list --server` and the scenario texts). Tools that ask the client something answer
// InputRequiredResult, which the SDK turns into requests mid-call for a 2025 client; requestState
// is HMAC-signed (a changed state is refused with -32602).
//
// Prints "LISTENING <port>" once it accepts connections.

import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import {
  acceptedContent,
  createMcpHandler,
  createRequestStateCodec,
  fromJsonSchema,
  hostHeaderValidationResponse,
  inputRequired,
  inputResponse,
  isLegacyRequest,
  localhostAllowedHostnames,
  localhostAllowedOrigins,
  McpServer,
  ResourceTemplate,
  originValidationResponse,
  WebStandardStreamableHTTPServerTransport,
} from '@modelcontextprotocol/server';
import * as z from 'zod';

const { values: options } = parseArgs({ options: { port: { type: 'string', default: '0' } } });

// A 1x1 PNG and a tiny WAV: the bytes the image and audio scenarios look for.
const IMAGE = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
const AUDIO = 'UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=';

const states = createRequestStateCodec({ key: randomBytes(32) });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const text = (value) => ({ content: [{ type: 'text', text: value }] });
const subscriptions = new Set();
let modern;

const nameSchema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] };

function build({ era }) {
  const server = new McpServer(
    { name: 'conformance-fixture', version: '1.0.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        resources: { subscribe: true, listChanged: true },
        prompts: { listChanged: true },
        logging: {},
        completions: {},
      },
      requestState: { verify: (state, ctx) => states.verify(state, ctx) },
    },
  );

  const plain = (name, description, result) =>
    server.registerTool(name, { description, inputSchema: z.object({}) }, async () => result());

  plain('test_simple_text', 'Answers simple text', () => text('This is a simple text response for testing.'));
  plain('test_image_content', 'Answers an image', () => ({ content: [{ type: 'image', data: IMAGE, mimeType: 'image/png' }] }));
  plain('test_audio_content', 'Answers audio', () => ({ content: [{ type: 'audio', data: AUDIO, mimeType: 'audio/wav' }] }));
  plain('test_embedded_resource', 'Answers an embedded resource', () => ({
    content: [
      {
        type: 'resource',
        resource: { uri: 'test://embedded-resource', mimeType: 'text/plain', text: 'This is an embedded resource content.' },
      },
    ],
  }));
  plain('test_multiple_content_types', 'Answers text, an image and a resource', () => ({
    content: [
      { type: 'text', text: 'Multiple content types test:' },
      { type: 'image', data: IMAGE, mimeType: 'image/png' },
      {
        type: 'resource',
        resource: {
          uri: 'test://mixed-content-resource',
          mimeType: 'application/json',
          text: JSON.stringify({ test: 'data', value: 123 }),
        },
      },
    ],
  }));
  plain('test_error_handling', 'Fails', () => {
    throw new Error('This tool intentionally returns an error for testing');
  });

  const logging = async (_args, ctx) => {
    for (const step of ['Tool execution started', 'Tool processing data', 'Tool execution completed']) {
      await ctx.mcpReq.log('info', step);
      await sleep(20);
    }
    return text('Tool with logging executed successfully');
  };
  server.registerTool('test_tool_with_logging', { description: 'Logs while it runs', inputSchema: z.object({}) }, logging);
  server.registerTool('test_logging_tool', { description: 'Logs while it runs', inputSchema: z.object({}) }, logging);

  server.registerTool(
    'test_tool_with_progress',
    { description: 'Reports progress 0, 50, 100', inputSchema: z.object({}) },
    async (_args, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      for (const progress of [0, 50, 100]) {
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken: token, progress, total: 100, message: `Completed step ${progress} of 100` },
          });
        }
        if (progress !== 100) {
          await sleep(50);
        }
      }
      return text(String(token ?? 'no progress token'));
    },
  );

  server.registerTool(
    'test_reconnection',
    { description: 'Closes its event stream mid-call; the client polls for the result', inputSchema: z.object({}) },
    async (_args, ctx) => {
      ctx.http?.closeSSE?.();
      await sleep(100);
      return text('Reconnection test completed successfully.');
    },
  );

  server.registerTool(
    'json_schema_2020_12_tool',
    {
      description: 'Has an input schema with JSON Schema 2020-12 keywords',
      inputSchema: fromJsonSchema({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        $defs: {
          address: {
            $anchor: 'addressDef',
            type: 'object',
            properties: { street: { type: 'string' }, city: { type: 'string' } },
          },
        },
        properties: {
          name: { type: 'string' },
          address: { $ref: '#/$defs/address' },
          contactMethod: { type: 'string', enum: ['phone', 'email'] },
          phone: { type: 'string' },
          email: { type: 'string' },
        },
        allOf: [{ anyOf: [{ required: ['phone'] }, { required: ['email'] }] }],
        if: { properties: { contactMethod: { const: 'phone' } }, required: ['contactMethod'] },
        then: { required: ['phone'] },
        else: { required: ['email'] },
        additionalProperties: false,
      }),
    },
    async (args) => text(`JSON Schema 2020-12 tool called with: ${JSON.stringify(args)}`),
  );

  // Its argument travels as an Mcp-Param-Region header too (SEP-2243), which the SDK checks
  // against the body.
  server.registerTool(
    'test_headers',
    {
      description: 'Echoes the region it was given in a header and the body',
      inputSchema: z.object({ region: z.string().meta({ 'x-mcp-header': 'Region' }) }),
    },
    async ({ region }) => text(`Region: ${region}`),
  );

  server.registerTool(
    'test_trigger_tool_change',
    { description: 'Announces that the tool list changed', inputSchema: z.object({}) },
    async () => {
      modern?.notify.toolsChanged();
      return text('tools list changed');
    },
  );
  server.registerTool(
    'test_trigger_prompt_change',
    { description: 'Announces that the prompt list changed', inputSchema: z.object({}) },
    async () => {
      modern?.notify.promptsChanged();
      return text('prompts list changed');
    },
  );

  registerAskingTools(server);
  if (era === 'modern') {
    registerInputRequiredTools(server);
  }

  server.registerResource(
    'static-text',
    'test://static-text',
    { title: 'Static Text Resource', description: 'A static text resource', mimeType: 'text/plain' },
    async () => ({
      contents: [{ uri: 'test://static-text', mimeType: 'text/plain', text: 'This is the content of the static text resource.' }],
    }),
  );
  server.registerResource(
    'static-binary',
    'test://static-binary',
    { title: 'Static Binary Resource', description: 'A static binary resource', mimeType: 'image/png' },
    async () => ({ contents: [{ uri: 'test://static-binary', mimeType: 'image/png', blob: IMAGE }] }),
  );
  server.registerResource(
    'template',
    new ResourceTemplate('test://template/{id}/data', { list: undefined }),
    { title: 'Resource Template', description: 'A template with one parameter', mimeType: 'application/json' },
    async (uri, { id }) => ({
      contents: [
        { uri: uri.toString(), mimeType: 'application/json', text: JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` }) },
      ],
    }),
  );
  server.registerResource(
    'watched-resource',
    'test://watched-resource',
    { title: 'Watched Resource', description: 'A resource clients subscribe to', mimeType: 'text/plain' },
    async () => ({ contents: [{ uri: 'test://watched-resource', mimeType: 'text/plain', text: 'Watched resource content' }] }),
  );

  server.registerPrompt(
    'test_simple_prompt',
    { title: 'Simple Test Prompt', description: 'A prompt without arguments' },
    async () => ({ messages: [{ role: 'user', content: { type: 'text', text: 'This is a simple prompt for testing.' } }] }),
  );
  server.registerPrompt(
    'test_prompt_with_arguments',
    {
      title: 'Prompt With Arguments',
      description: 'A prompt with two required arguments',
      argsSchema: z.object({ arg1: z.string().describe('First test argument'), arg2: z.string().describe('Second test argument') }),
    },
    async ({ arg1, arg2 }) => ({
      messages: [{ role: 'user', content: { type: 'text', text: `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'` } }],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_embedded_resource',
    {
      title: 'Prompt With Embedded Resource',
      description: 'A prompt that embeds a resource',
      argsSchema: z.object({ resourceUri: z.string().describe('URI of the resource to embed') }),
    },
    async ({ resourceUri }) => ({
      messages: [
        {
          role: 'user',
          content: { type: 'resource', resource: { uri: resourceUri, mimeType: 'text/plain', text: 'Embedded resource content for testing.' } },
        },
        { role: 'user', content: { type: 'text', text: 'Please process the embedded resource above.' } },
      ],
    }),
  );
  server.registerPrompt(
    'test_prompt_with_image',
    { title: 'Prompt With Image', description: 'A prompt with an image' },
    async () => ({
      messages: [
        { role: 'user', content: { type: 'image', data: IMAGE, mimeType: 'image/png' } },
        { role: 'user', content: { type: 'text', text: 'Please analyze the image above.' } },
      ],
    }),
  );

  if (era === 'legacy') {
    server.server.setRequestHandler('resources/subscribe', async (request) => {
      subscriptions.add(request.params.uri);
      return {};
    });
    server.server.setRequestHandler('resources/unsubscribe', async (request) => {
      subscriptions.delete(request.params.uri);
      return {};
    });
    server.server.setRequestHandler('logging/setLevel', async () => ({}));
  }
  server.server.setRequestHandler('completion/complete', async () => ({ completion: { values: [], total: 0, hasMore: false } }));
  return server;
}

/**
 * The 2025 scenarios' tools that ask the client something, answered as InputRequiredResult in both
 * eras: the SDK turns the rounds into requests mid-call for a 2025 client.
 */
function registerAskingTools(server) {
  const asking = (name, input, request, answer) =>
    server.registerTool(name, { description: `Asks the client (${name})`, inputSchema: z.object(input ? input.shape : {}) }, async (args, ctx) => {
      const response = inputResponse(ctx.mcpReq.inputResponses, 'ask');
      if (response.kind !== 'missing') {
        return text(answer(response.kind === 'sampling' ? response.result : response));
      }
      const { method, params } = request(args);
      return inputRequired({
        inputRequests: { ask: method === 'sampling/createMessage' ? inputRequired.createMessage(params) : inputRequired.elicit(params) },
      });
    });
  const elicited = (result) => `User response: action=${result.action}, content=${JSON.stringify(result.content ?? {})}`;

  asking(
    'test_sampling',
    z.object({ prompt: z.string().describe('The prompt to send to the LLM') }),
    ({ prompt }) => ({
      method: 'sampling/createMessage',
      params: { messages: [{ role: 'user', content: { type: 'text', text: prompt } }], maxTokens: 100 },
    }),
    (result) => `LLM response: ${result.content?.text ?? 'No response'}`,
  );
  asking(
    'test_elicitation',
    z.object({ message: z.string().describe('The message to show the user') }),
    ({ message }) => ({
      method: 'elicitation/create',
      params: {
        message,
        requestedSchema: {
          type: 'object',
          properties: { response: { type: 'string', description: "User's response" } },
          required: ['response'],
        },
      },
    }),
    elicited,
  );
  asking(
    'test_elicitation_sep1034_defaults',
    null,
    () => ({
      method: 'elicitation/create',
      params: {
        message: 'Please review and update the form fields with defaults',
        requestedSchema: {
          type: 'object',
          properties: {
            name: { type: 'string', description: 'User name', default: 'John Doe' },
            age: { type: 'integer', description: 'User age', default: 30 },
            score: { type: 'number', description: 'User score', default: 95.5 },
            status: { type: 'string', description: 'User status', enum: ['active', 'inactive', 'pending'], default: 'active' },
            verified: { type: 'boolean', description: 'Verification status', default: true },
          },
          required: [],
        },
      },
    }),
    elicited,
  );
  asking(
    'test_elicitation_sep1330_enums',
    null,
    () => ({
      method: 'elicitation/create',
      params: {
        message: 'Please select options from the enum fields',
        requestedSchema: {
          type: 'object',
          properties: {
            untitledSingle: { type: 'string', description: 'Select one option', enum: ['option1', 'option2', 'option3'] },
            titledSingle: {
              type: 'string',
              description: 'Select one option with titles',
              oneOf: [
                { const: 'value1', title: 'First Option' },
                { const: 'value2', title: 'Second Option' },
                { const: 'value3', title: 'Third Option' },
              ],
            },
            legacyEnum: {
              type: 'string',
              description: 'Select one option (legacy)',
              enum: ['opt1', 'opt2', 'opt3'],
              enumNames: ['Option One', 'Option Two', 'Option Three'],
            },
            untitledMulti: {
              type: 'array',
              description: 'Select multiple options',
              minItems: 1,
              maxItems: 3,
              items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
            },
            titledMulti: {
              type: 'array',
              description: 'Select multiple options with titles',
              minItems: 1,
              maxItems: 3,
              items: {
                anyOf: [
                  { const: 'value1', title: 'First Choice' },
                  { const: 'value2', title: 'Second Choice' },
                  { const: 'value3', title: 'Third Choice' },
                ],
              },
            },
          },
          required: [],
        },
      },
    }),
    elicited,
  );
}

function clientCapabilities(ctx) {
  const envelope = ctx.mcpReq.envelope ?? {};
  return envelope['io.modelcontextprotocol/clientCapabilities'] ?? envelope.clientCapabilities ?? {};
}

/** 2026-07-28 era: the tools answer InputRequiredResult and finish when the retry carries the answers. */
function registerInputRequiredTools(server) {
  const tool = (name, handler) => server.registerTool(name, { description: `Multi-round: ${name}`, inputSchema: z.object({}) }, handler);
  const askName = (message) => inputRequired.elicit({ message, requestedSchema: nameSchema });

  tool('test_input_required_result_elicitation', async (_args, ctx) => {
    const answer = acceptedContent(ctx.mcpReq.inputResponses, 'user_name');
    if (typeof answer?.name === 'string') {
      return text(`Hello, ${answer.name}!`);
    }
    return inputRequired({ inputRequests: { user_name: askName('What is your name?') } });
  });

  tool('test_input_required_result_sampling', async (_args, ctx) => {
    const answer = inputResponse(ctx.mcpReq.inputResponses, 'capital_question');
    if (answer.kind === 'sampling') {
      const content = answer.result.content;
      return text(`The model said: ${Array.isArray(content) ? content[0]?.text : content?.text}`);
    }
    return inputRequired({
      inputRequests: {
        capital_question: inputRequired.createMessage({
          messages: [{ role: 'user', content: { type: 'text', text: 'What is the capital of France?' } }],
          maxTokens: 100,
        }),
      },
    });
  });

  tool('test_input_required_result_list_roots', async (_args, ctx) => {
    const answer = inputResponse(ctx.mcpReq.inputResponses, 'client_roots');
    if (answer.kind === 'roots') {
      return text(`Roots: ${answer.roots.map((root) => root.uri).join(', ')}`);
    }
    return inputRequired({ inputRequests: { client_roots: inputRequired.listRoots() } });
  });

  tool('test_input_required_result_request_state', async (_args, ctx) => {
    const state = ctx.mcpReq.requestState();
    if (state?.step === 'confirm' && inputResponse(ctx.mcpReq.inputResponses, 'confirm').kind === 'elicit') {
      return text('state-ok: the request state came back intact');
    }
    return inputRequired({
      inputRequests: {
        confirm: inputRequired.elicit({
          message: 'Please confirm',
          requestedSchema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
        }),
      },
      requestState: await states.mint({ step: 'confirm' }),
    });
  });

  tool('test_input_required_result_multiple_inputs', async (_args, ctx) => {
    const responses = ctx.mcpReq.inputResponses;
    const kinds = ['user_name', 'greeting', 'client_roots'].map((key) => inputResponse(responses, key).kind);
    if (ctx.mcpReq.requestState()?.step === 'all' && !kinds.includes('missing')) {
      return text(`Received ${kinds.join(', ')}`);
    }
    return inputRequired({
      inputRequests: {
        user_name: askName('What is your name?'),
        greeting: inputRequired.createMessage({
          messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
          maxTokens: 50,
        }),
        client_roots: inputRequired.listRoots(),
      },
      requestState: await states.mint({ step: 'all' }),
    });
  });

  tool('test_input_required_result_multi_round', async (_args, ctx) => {
    const state = ctx.mcpReq.requestState();
    const responses = ctx.mcpReq.inputResponses;
    if (state?.round === 2 && acceptedContent(responses, 'step2')?.color !== undefined) {
      return text(`Hello ${state.name}, your favourite colour is ${acceptedContent(responses, 'step2').color}`);
    }
    const name = acceptedContent(responses, 'step1')?.name;
    if (state?.round === 1 && name !== undefined) {
      return inputRequired({
        inputRequests: {
          step2: inputRequired.elicit({
            message: 'Step 2: What is your favorite color?',
            requestedSchema: { type: 'object', properties: { color: { type: 'string' } }, required: ['color'] },
          }),
        },
        requestState: await states.mint({ round: 2, name }),
      });
    }
    return inputRequired({
      inputRequests: { step1: askName('Step 1: What is your name?') },
      requestState: await states.mint({ round: 1 }),
    });
  });

  tool('test_input_required_result_tampered_state', async (_args, ctx) => {
    if (ctx.mcpReq.requestState()?.step === 'tamper-proof') {
      return text('The state came back intact');
    }
    return inputRequired({
      inputRequests: { confirm: askName('Who are you?') },
      requestState: await states.mint({ step: 'tamper-proof' }),
    });
  });

  tool('test_input_required_result_capabilities', async (_args, ctx) => {
    const capabilities = clientCapabilities(ctx);
    if (ctx.mcpReq.inputResponses) {
      return text('Done with what the client could answer');
    }
    const requests = {};
    if (capabilities.sampling) {
      requests.question = inputRequired.createMessage({
        messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }],
        maxTokens: 20,
      });
    }
    if (capabilities.elicitation) {
      requests.user_name = askName('What is your name?');
    }
    return Object.keys(requests).length === 0 ? text('The client can answer nothing') : inputRequired({ inputRequests: requests });
  });

  tool('test_streaming_elicitation', async (_args, ctx) => {
    if (acceptedContent(ctx.mcpReq.inputResponses, 'user_name')) {
      return text('Thanks');
    }
    const token = ctx.mcpReq._meta?.progressToken;
    if (token !== undefined) {
      await ctx.mcpReq.notify({ method: 'notifications/progress', params: { progressToken: token, progress: 0 } });
    }
    return inputRequired({ inputRequests: { user_name: askName('What is your name?') } });
  });

  // Asks for sampling: the SDK refuses with -32021 a request whose client did not declare it.
  tool('test_missing_capability', async (_args, ctx) => {
    if (inputResponse(ctx.mcpReq.inputResponses, 'sample').kind === 'sampling') {
      return text('The client sampled');
    }
    return inputRequired({
      inputRequests: {
        sample: inputRequired.createMessage({
          messages: [{ role: 'user', content: { type: 'text', text: 'Say hello' } }],
          maxTokens: 20,
        }),
      },
    });
  });

  server.registerPrompt(
    'test_input_required_result_prompt',
    { description: 'A prompt that asks the user for context first' },
    async (ctx) => {
      const answer = acceptedContent(ctx.mcpReq.inputResponses, 'user_context');
      if (typeof answer?.context === 'string') {
        return { messages: [{ role: 'user', content: { type: 'text', text: `Use this context: ${answer.context}` } }] };
      }
      return inputRequired({
        inputRequests: {
          user_context: inputRequired.elicit({
            message: 'What context should the prompt use?',
            requestedSchema: { type: 'object', properties: { context: { type: 'string' } }, required: ['context'] },
          }),
        },
      });
    },
  );
}

// An event store so a 2025 client can resume a stream the server closed (server-sse-polling).
function eventStore() {
  const events = new Map();
  return {
    async storeEvent(streamId, message) {
      const id = `${streamId}::${String(events.size).padStart(8, '0')}`;
      events.set(id, { streamId, message });
      return id;
    },
    async getStreamIdForEventId(id) {
      return events.get(id)?.streamId;
    },
    async replayEventsAfter(lastId, { send }) {
      const streamId = events.get(lastId)?.streamId ?? lastId.split('::')[0];
      for (const [id, event] of events) {
        if (event.streamId === streamId && id > lastId) {
          await send(id, event.message);
        }
      }
      return streamId;
    },
  };
}

modern = createMcpHandler((ctx) => build(ctx), { legacy: 'reject' });
const sessions = new Map();

async function legacy(request) {
  const id = request.headers.get('mcp-session-id');
  if (id) {
    const transport = sessions.get(id);
    return transport
      ? transport.handleRequest(request)
      : Response.json({ jsonrpc: '2.0', error: { code: -32001, message: 'Session not found' }, id: null }, { status: 404 });
  }
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    eventStore: eventStore(),
    retryInterval: 200,
    onsessioninitialized: (sessionId) => sessions.set(sessionId, transport),
    onsessionclosed: (sessionId) => sessions.delete(sessionId),
  });
  await build({ era: 'legacy' }).connect(transport);
  return transport.handleRequest(request);
}

async function serve(request) {
  const refused =
    hostHeaderValidationResponse(request, localhostAllowedHostnames()) ??
    originValidationResponse(request, localhostAllowedOrigins());
  if (refused) {
    return refused;
  }
  return (await isLegacyRequest(request)) ? legacy(request) : modern.fetch(request);
}

// node:http in front of the web-standard handlers, streaming each Response as it comes.
const listener = http.createServer(async (req, res) => {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) {
      controller.abort();
    }
  });
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (Array.isArray(value)) {
        value.forEach((one) => headers.append(name, one));
      } else if (value !== undefined) {
        headers.set(name, value);
      }
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://${req.headers.host ?? 'localhost'}${req.url}`, {
      method: req.method,
      headers,
      body: hasBody ? Readable.toWeb(req) : undefined,
      duplex: hasBody ? 'half' : undefined,
      signal: controller.signal,
    });
    const response = await serve(request);
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    if (response.body) {
      const reader = response.body.getReader();
      controller.signal.addEventListener('abort', () => reader.cancel().catch(() => {}));
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        res.write(value);
      }
    }
    res.end();
  } catch (error) {
    if (!res.headersSent) {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
    }
    res.end();
  }
});

listener.listen(Number(options.port), '127.0.0.1', () => {
  process.stdout.write(`LISTENING ${listener.address().port}\n`);
});

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    listener.close();
    modern.close().finally(() => process.exit(0));
  });
}
