package dev.mcp.ambassador.support;

import dev.mcp.ambassador.catalog.CatalogServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Catalog entries for unit tests that need a server without starting one. */
public final class TestCatalog {

    private TestCatalog() {}

    /** A published stdio entry named {@code slug} that shares one process among its users. */
    public static CatalogServer sharedStdioServer(String slug) {
        return new CatalogServer(
                UUID.randomUUID(),
                slug,
                slug,
                "stdio",
                List.of("true"),
                Map.of(),
                null,
                Map.of(),
                "shared",
                "published",
                null,
                null,
                null);
    }
}
