package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ServerChangesTests {

    private final List<String[]> recorded = new ArrayList<>();
    private final ServerChanges changes = new ServerChanges((action, target, before, after) -> {
        recorded.add(new String[] {action, target});
    });

    @Test
    void recordedWhenAnEntryHoldsSecretsThenOnlyTheirNamesAndTheBareUrlAreKept() {
        CatalogServer remote = server("http", "https://user:pw@api.example.com:8443/mcp?key=s3cret#frag", "draft");

        ServerChanges.Recorded view = ServerChanges.Recorded.of(remote);

        assertThat(view.url()).isEqualTo("https://api.example.com:8443/mcp");
        assertThat(view.envNames()).containsExactly("API_TOKEN");
        assertThat(view.headerNames()).containsExactly("X-Auth");
        assertThat(view.toString()).doesNotContain("env-secret", "header-secret", "s3cret", "pw@");
    }

    @Test
    void updatedWhenTheStatusChangesThenTheActionNamesIt() {
        CatalogServer draft = server("stdio", null, "draft");

        changes.updated(draft, server("stdio", null, "published"));
        changes.updated(draft, server("stdio", null, "archived"));
        changes.updated(server("stdio", null, "published"), server("stdio", null, "draft"));
        changes.updated(draft, draft);

        assertThat(recorded.stream().map(change -> change[0]))
                .containsExactly("server.published", "server.archived", "server.updated", "server.updated");
    }

    private static CatalogServer server(String transport, String url, String status) {
        return new CatalogServer(
                UUID.fromString("00000000-0000-0000-0000-000000000001"),
                "demo",
                "Demo",
                transport,
                List.of("node", "server.js"),
                Map.of("API_TOKEN", "env-secret"),
                url,
                Map.of("X-Auth", "header-secret"),
                "shared",
                status,
                null,
                null,
                null);
    }
}
