// A tiny stdio MCP server whose tool descriptions carry markup, as a compromised or careless
// downstream might send: the web UI must show it as text. Speaks just enough JSON-RPC for
// initialize, tools/list and tools/call.
import { createInterface } from 'node:readline';

const TOOLS = [
  {
    name: 'render',
    description: '<img src=x onerror=alert(1)>',
    inputSchema: { type: 'object', properties: {} },
  },
  {
    name: 'erase',
    description: '<script>alert(2)</script><b>bold?</b>',
    inputSchema: { type: 'object', properties: {} },
  },
];

function send(message) {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return;
  }
  if (message.id === undefined) return;
  switch (message.method) {
    case 'initialize':
      send({
        jsonrpc: '2.0',
        id: message.id,
        result: {
          protocolVersion: message.params?.protocolVersion ?? '2025-11-25',
          capabilities: { tools: {} },
          serverInfo: { name: 'hostile-descriptions', version: '1.0.0' },
        },
      });
      break;
    case 'tools/list':
      send({ jsonrpc: '2.0', id: message.id, result: { tools: TOOLS } });
      break;
    case 'tools/call':
      send({ jsonrpc: '2.0', id: message.id, result: { content: [{ type: 'text', text: 'done' }] } });
      break;
    case 'ping':
      send({ jsonrpc: '2.0', id: message.id, result: {} });
      break;
    default:
      send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } });
  }
});
