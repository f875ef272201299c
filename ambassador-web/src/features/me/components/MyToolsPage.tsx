import { ErrorAlert, Loading, PageHeader } from '../../../components/ui';
import { byServer, useMyTools } from '../api/myTools';

/** What the caller may call, by server; names and descriptions come from downstream and stay text. */
export function MyToolsPage() {
  const tools = useMyTools();
  return (
    <>
      <PageHeader title="My tools" />
      <p className="muted">The tools your grants let your MCP clients call. A key with scopes may narrow this further.</p>
      {tools.isPending && <Loading what="your tools" />}
      <ErrorAlert error={tools.error} />
      {tools.data && tools.data.length === 0 && <p className="muted">No tool is granted to you yet. Ask an administrator.</p>}
      {tools.data &&
        byServer(tools.data).map(([server, list]) => (
          <section key={server} aria-labelledby={`tools-${server}`}>
            <h2 id={`tools-${server}`}>{server}</h2>
            <table>
              <caption className="visually-hidden">Tools from {server}</caption>
              <thead>
                <tr>
                  <th scope="col">Name to call</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {list.map((tool) => (
                  <tr key={tool.name}>
                    <td>
                      <code>{tool.name}</code>
                      {tool.title && <div className="muted">{tool.title}</div>}
                    </td>
                    <td className="tool-description">{tool.description}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
    </>
  );
}
