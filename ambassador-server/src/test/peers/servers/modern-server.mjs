// A downstream server that speaks MCP 2026-07-28 only, built with the TypeScript SDK v2
// (@modelcontextprotocol/server, pinned in ../package.json), serving Streamable HTTP on loopback,
// or stdio with --stdio.
//
//   node modern-server.mjs --port PORT [--legacy reject|stateless]
//   node modern-server.mjs --stdio [--legacy reject|stateless]
//
// By default (--legacy reject) it refuses every 2025-era request, initialize included, with the
// unsupported-protocol-version error: whoever reaches its tools speaks 2026-07-28. With
// --legacy stateless it also answers 2025-era requests (over HTTP without sessions; over stdio
// the connection is pinned to the 2025 era by initialize).
//
// Tools:
//   echo              {message}  -> "Echo: <message>"
//   count             {to}       -> sends `to` progress notifications (when the request has a
//                                    progressToken), then "Counted to <to>"
//   confirm-action    {action}   -> answers InputRequiredResult with an elicitation (key
//                                    "confirm", a boolean `confirm` and a string `reason`) until
//                                    the retry carries the answer and the server's requestState;
//                                    then "Confirmed <action>: <reason>" or "Declined <action>"
//   ask-model         {question} -> InputRequiredResult with a sampling request (key "model")
//   wait              {seconds}  -> sends progress 0 when it begins, then waits, unless
//                                    cancelled; records cancellations for
//                                    `cancellations`
//   cancellations     {}         -> how many `wait` calls were cancelled so far
//   add-tool          {name}     -> adds a tool of that name (it answers "I am <name>"), so the
//                                    tool list changes for every subscriptions/listen stream
//   touch-greeting    {}         -> announces an update of modern://greeting to the streams
//                                    that listen to it
// Resource: modern://greeting (text; subscribable). Prompt: greet {name}.
//
// Over HTTP it prints "LISTENING <port>" once it accepts connections, and "LISTEN-REQUEST" once
// each subscriptions/listen request it gets is subscribed.

import http from 'node:http';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { acceptedContent, createMcpHandler, inputRequired, inputResponse, McpServer } from '@modelcontextprotocol/server';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import * as z from 'zod';

const { values: options } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    legacy: { type: 'string', default: 'reject' },
    stdio: { type: 'boolean', default: false },
  },
});

// Tools added with add-tool. Over HTTP each request gets a server of its own, so each is built
// with them; over stdio the one server registers the new tool, which announces it by itself.
const addedTools = [];
// Over HTTP, the handler's notifier reaches the listen streams; set once the handler exists.
let notifier;

// The state a confirm-action round carries: the server's own, echoed back by the client. A real
// server would protect it; this one only checks it comes back unchanged.
const STATE_PREFIX = 'confirm-round:';
let cancelled = 0;

function text(value) {
  return { content: [{ type: 'text', text: value }] };
}

function build() {
  const server = new McpServer(
    { name: 'modern-test-server', version: '1.0.0' },
    { capabilities: { resources: { subscribe: true, listChanged: true }, tools: { listChanged: true } } },
  );
  const registerAdded = (name) =>
    server.registerTool(
      name,
      { description: 'Added at run time', inputSchema: z.object({}) },
      async () => text(`I am ${name}`),
    );
  addedTools.forEach(registerAdded);

  server.registerTool(
    'add-tool',
    { description: 'Adds a tool', inputSchema: z.object({ name: z.string().regex(/^[a-z0-9-]{1,80}$/) }) },
    async ({ name }) => {
      if (!addedTools.includes(name)) {
        addedTools.push(name);
        if (notifier) {
          notifier.toolsChanged();
        } else {
          registerAdded(name);
        }
      }
      return text(`Added ${name}`);
    },
  );

  server.registerTool(
    'touch-greeting',
    { description: 'Announces an update of modern://greeting', inputSchema: z.object({}) },
    async () => {
      if (notifier) {
        notifier.resourceUpdated('modern://greeting');
      } else {
        await server.server.sendResourceUpdated({ uri: 'modern://greeting' });
      }
      return text('Touched modern://greeting');
    },
  );

  server.registerTool(
    'echo',
    { description: 'Echoes the message', inputSchema: z.object({ message: z.string() }) },
    async ({ message }) => text(`Echo: ${message}`),
  );

  server.registerTool(
    'count',
    { description: 'Counts, reporting progress', inputSchema: z.object({ to: z.number().int().min(1).max(20) }) },
    async ({ to }, ctx) => {
      const token = ctx.mcpReq._meta?.progressToken;
      for (let i = 1; i <= to; i++) {
        if (token !== undefined) {
          await ctx.mcpReq.notify({
            method: 'notifications/progress',
            params: { progressToken: token, progress: i, total: to, message: `step ${i}` },
          });
        }
      }
      return text(`Counted to ${to}`);
    },
  );

  const confirmation = z.object({ confirm: z.boolean(), reason: z.string() });
  server.registerTool(
    'confirm-action',
    { description: 'Asks the user to confirm an action', inputSchema: z.object({ action: z.string() }) },
    async ({ action }, ctx) => {
      const state = ctx.mcpReq.requestState();
      const answer = inputResponse(ctx.mcpReq.inputResponses, 'confirm');
      if (answer.kind === 'elicit' && state === `${STATE_PREFIX}${action}`) {
        const content = acceptedContent(ctx.mcpReq.inputResponses, 'confirm', confirmation);
        return content?.confirm ? text(`Confirmed ${action}: ${content.reason}`) : text(`Declined ${action}`);
      }
      return inputRequired({
        inputRequests: {
          confirm: inputRequired.elicit({
            message: `Confirm ${action}?`,
            requestedSchema: {
              type: 'object',
              properties: { confirm: { type: 'boolean' }, reason: { type: 'string' } },
              required: ['confirm', 'reason'],
            },
          }),
        },
        requestState: `${STATE_PREFIX}${action}`,
      });
    },
  );

  server.registerTool(
    'ask-model',
    { description: 'Asks the client model a question', inputSchema: z.object({ question: z.string() }) },
    async ({ question }, ctx) => {
      const answer = inputResponse(ctx.mcpReq.inputResponses, 'model');
      if (answer.kind === 'sampling') {
        const content = answer.result.content;
        return text(`The model said: ${Array.isArray(content) ? content[0]?.text : content?.text}`);
      }
      return inputRequired({
        inputRequests: {
          model: inputRequired.createMessage({
            messages: [{ role: 'user', content: { type: 'text', text: question } }],
            maxTokens: 20,
          }),
        },
      });
    },
  );

  server.registerTool(
    'wait',
    { description: 'Waits, unless cancelled', inputSchema: z.object({ seconds: z.number().min(0).max(120) }) },
    async ({ seconds }, ctx) => {
      const waited = new Promise((resolve) => {
        const timer = setTimeout(() => resolve(text(`Waited ${seconds} s`)), seconds * 1000);
        ctx.mcpReq.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          cancelled++;
          resolve(text('cancelled'));
        });
      });
      // Progress 0 says the wait has begun, so a client can cancel it while it runs.
      const token = ctx.mcpReq._meta?.progressToken;
      if (token !== undefined) {
        await ctx.mcpReq.notify({
          method: 'notifications/progress',
          params: { progressToken: token, progress: 0, message: 'waiting' },
        });
      }
      return waited;
    },
  );

  server.registerTool(
    'cancellations',
    { description: 'How many waits were cancelled', inputSchema: z.object({}) },
    async () => text(String(cancelled)),
  );

  server.registerResource(
    'greeting',
    'modern://greeting',
    { description: 'A greeting', mimeType: 'text/plain' },
    async (uri) => ({ contents: [{ uri: uri.href, mimeType: 'text/plain', text: 'Hello from 2026-07-28' }] }),
  );

  server.registerPrompt(
    'greet',
    { description: 'Greets someone', argsSchema: z.object({ name: z.string() }) },
    async ({ name }) => ({ messages: [{ role: 'user', content: { type: 'text', text: `Greet ${name}` } }] }),
  );
  return server;
}

if (options.stdio) {
  serveStdio(() => build(), {
    legacy: options.legacy === 'stateless' ? 'serve' : 'reject',
    onerror: (error) => process.stderr.write(`${error.message}\n`),
  });
} else {
  serveHttp();
}

function serveHttp() {
  const handler = createMcpHandler(() => build(), {
    legacy: options.legacy === 'stateless' ? 'stateless' : 'reject',
  });
  notifier = handler.notify;

  // node:http in front of the web-standard handler: the request as a fetch Request, the Response
  // streamed back as it comes (progress arrives on an event stream before the result).
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
      const response = await handler.fetch(request);
      if (req.headers['mcp-method'] === 'subscriptions/listen') {
        // The stream is subscribed by now: tests wait for this line to know a client (the
        // ambassador) listens again before they cause a change.
        process.stdout.write('LISTEN-REQUEST\n');
      }
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
      handler.close().finally(() => process.exit(0));
    });
  }
}
