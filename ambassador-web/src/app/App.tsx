import { ServerStatus } from '../features/status/components/ServerStatus';

export function App() {
  return (
    <main className="app">
      <h1>MCP Ambassador</h1>
      <p>A TLS-only gateway for Model Context Protocol tool calls.</p>
      <ServerStatus />
    </main>
  );
}
