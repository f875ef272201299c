package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.web.Problems;
import java.util.List;
import java.util.Map;

/** The rules for a catalog entry's credential list, each broken one a 400 naming its field. */
final class CredentialSpecs {

    private CredentialSpecs() {}

    /** Each credential reaches a stdio process as a variable, a remote server as a header, once. */
    static void require(
            List<CredentialSpec> credentials, String transport, String isolation, RemoteServerFields remote) {
        if (credentials == null || credentials.isEmpty()) {
            return;
        }
        boolean http = "http".equals(transport);
        if (!http && !"per_user".equals(isolation)) {
            throw Problems.invalidField(
                    "credentials", "a stdio server needs isolation per_user to get each user's own credentials");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < credentials.size(); i++) {
            CredentialSpec spec = credentials.get(i);
            String field = "credentials[" + i + "]";
            if (!names.add(spec.name())) {
                throw Problems.invalidField(field + ".name", "'" + spec.name() + "' is named twice");
            }
            if (http && (spec.header() == null || spec.envVar() != null)) {
                throw Problems.invalidField(field + ".header", "an http server gets credentials as headers");
            }
            if (!http && (spec.envVar() == null || spec.header() != null)) {
                throw Problems.invalidField(field + ".env_var", "a stdio server gets credentials as variables");
            }
            if (spec.envVar() != null && ChildCommandPolicy.refusedName(spec.envVar())) {
                throw Problems.invalidField(
                        field + ".env_var",
                        "'" + spec.envVar() + "' may not be set: it changes which code a program loads or runs");
            }
            if (spec.header() != null) {
                remote.requireHeaders(Map.of(spec.header(), "x"));
            }
        }
    }
}
