package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CatalogServer;
import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.vault.CredentialVault;
import dev.mcp.ambassador.vault.VaultException;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Puts a user's credentials where their own process or session expects them: each value the
 * server's credential list names goes into the environment variable or header it maps to. A
 * required credential the user has not set refuses the connection with a message that names it
 * and says where to set it.
 */
@Component
class ConnectionCredentials {

    private final CredentialVault vault;
    private final CatalogSecrets secrets;

    ConnectionCredentials(CredentialVault vault, CatalogSecrets secrets) {
        this.vault = vault;
        this.secrets = secrets;
    }

    /**
     * {@code server} with its own sealed values and then {@code userId}'s added to its environment
     * and headers; the user's are left out when it names no credentials or serves all users with
     * one process ({@code userId} null).
     */
    CatalogServer apply(CatalogServer entry, UUID userId) {
        CatalogServer server;
        try {
            server = secrets.open(entry);
        } catch (VaultException e) {
            throw new DownstreamException("The settings of server '" + entry.slug()
                    + "' cannot be read; an administrator must set its env or headers again.");
        }
        if (server.credentials().isEmpty() || userId == null) {
            return server;
        }
        Map<String, String> values;
        try {
            values = vault.open(server.id(), userId);
        } catch (VaultException e) {
            throw new DownstreamException("Your credentials for server '" + server.slug()
                    + "' cannot be read; set them again with PUT /v1/me/credentials/" + server.slug() + ".");
        }
        Map<String, String> env = new HashMap<>(server.env());
        Map<String, String> headers = new HashMap<>(server.headers());
        for (CredentialSpec spec : server.credentials()) {
            String value = values.get(spec.name());
            if (value == null) {
                if (spec.required()) {
                    throw new DownstreamException("Server '" + server.slug() + "' needs your credential '" + spec.name()
                            + "'; set it with PUT /v1/me/credentials/" + server.slug() + ".");
                }
                continue;
            }
            if (spec.envVar() != null) {
                env.put(spec.envVar(), value);
            }
            if (spec.header() != null) {
                headers.put(spec.header(), value);
            }
        }
        return server.withConnectionSettings(Map.copyOf(env), Map.copyOf(headers));
    }
}
