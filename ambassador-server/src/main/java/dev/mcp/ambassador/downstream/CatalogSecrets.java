package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.Catalog;
import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.vault.CredentialVault;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A catalog entry's {@code env} values and remote {@code headers}, kept in the credential vault as
 * the server's own values ({@code env:NAME}, {@code header:Name}); the catalog keeps their names
 * only, so no view, log or database dump shows a value. They are opened only when a process or
 * session starts. Entries written before this existed are sealed at startup, each in its own
 * transaction, so an interrupted run resumes at the next start.
 */
@Component
class CatalogSecrets implements SmartInitializingSingleton {

    static final String ENV = "env:";
    static final String HEADER = "header:";

    private static final Logger log = LoggerFactory.getLogger(CatalogSecrets.class);

    private final Catalog catalog;
    private final CredentialVault vault;
    private final TransactionTemplate transactions;

    CatalogSecrets(Catalog catalog, CredentialVault vault, TransactionTemplate transactions) {
        this.catalog = catalog;
        this.vault = vault;
        this.transactions = transactions;
    }

    /** Stores a new entry, its values sealed. */
    CatalogServer insert(CatalogServer server) {
        return transactions.execute(status -> {
            CatalogServer stored = catalog.insert(namesOnly(server));
            seal(stored.id(), ENV, server.env());
            seal(stored.id(), HEADER, server.headers());
            return stored;
        });
    }

    /**
     * Stores a changed entry. {@code env} or {@code headers} given (not null) replace all the
     * values of their kind; null keeps those sealed before.
     */
    CatalogServer update(CatalogServer server, Map<String, String> env, Map<String, String> headers) {
        return transactions.execute(status -> {
            CatalogServer stored = catalog.update(namesOnly(server));
            if (env != null) {
                vault.deleteStartingWith(stored.id(), null, ENV);
                seal(stored.id(), ENV, env);
            }
            if (headers != null) {
                vault.deleteStartingWith(stored.id(), null, HEADER);
                seal(stored.id(), HEADER, headers);
            }
            return stored;
        });
    }

    /** {@code server} with its sealed values in its environment and headers: what a connection needs. */
    CatalogServer open(CatalogServer server) {
        if (server.env().isEmpty() && server.headers().isEmpty()) {
            return server;
        }
        Map<String, String> env = new HashMap<>(server.env());
        Map<String, String> headers = new HashMap<>(server.headers());
        vault.open(server.id(), null).forEach((name, value) -> {
            if (name.startsWith(ENV) && env.containsKey(name.substring(ENV.length()))) {
                env.put(name.substring(ENV.length()), value);
            } else if (name.startsWith(HEADER) && headers.containsKey(name.substring(HEADER.length()))) {
                headers.put(name.substring(HEADER.length()), value);
            }
        });
        return server.withConnectionSettings(Map.copyOf(env), Map.copyOf(headers));
    }

    /** Seals the values of entries written before they moved into the vault. */
    @Override
    public void afterSingletonsInstantiated() {
        int sealed = 0;
        for (CatalogServer legacy : catalog.findUnsealed()) {
            transactions.executeWithoutResult(status -> {
                seal(legacy.id(), ENV, legacy.env());
                seal(legacy.id(), HEADER, legacy.headers());
                catalog.update(namesOnly(legacy));
            });
            sealed++;
        }
        if (sealed > 0) {
            log.info("Moved the env values and headers of {} catalog entries into the vault", sealed);
        }
    }

    private void seal(UUID serverId, String kind, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        Map<String, char[]> named = new LinkedHashMap<>();
        values.forEach((name, value) -> named.put(kind + name, value.toCharArray()));
        vault.put(serverId, null, named);
    }

    private static CatalogServer namesOnly(CatalogServer server) {
        return server.withConnectionSettings(blank(server.env()), blank(server.headers()));
    }

    private static Map<String, String> blank(Map<String, String> values) {
        Map<String, String> names = new LinkedHashMap<>();
        values.keySet().forEach(name -> names.put(name, ""));
        return names;
    }
}
