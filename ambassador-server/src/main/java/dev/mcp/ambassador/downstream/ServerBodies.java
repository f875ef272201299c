package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.catalog.CredentialSpec;
import dev.mcp.ambassador.catalog.SandboxPolicy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** The request bodies of {@code /v1/admin/servers}, with the checks each field gets on its own. */
final class ServerBodies {

    private ServerBodies() {}

    static final String STATUS = "draft|published|archived";
    static final String ISOLATION = "shared|per_user";
    static final String PROTOCOL = "auto|2025-11-25|2026-07-28";
    static final String PROTOCOL_MESSAGE = "must be auto, 2025-11-25 or 2026-07-28";
    static final String NAME_MAPPING = "always|never|when_ambiguous";

    record CreateServer(
            @NotBlank
                    @Size(max = 63)
                    @Pattern(
                            regexp = "[a-z0-9]+(-[a-z0-9]+)*",
                            message = "lower-case letters and digits, single dashes between them")
                    String slug,
            @Size(max = 200) String displayName,
            @NotBlank @Pattern(regexp = "stdio|http", message = "must be stdio or http") String transport,
            List<@NotBlank String> command,
            Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "not a variable name") String, String> env,
            String url,
            Map<String, String> headers,
            @Pattern(regexp = ISOLATION, message = "must be shared or per_user") String isolation,
            @Pattern(regexp = STATUS, message = "must be draft, published or archived") String status,
            @Positive Integer callTimeoutSeconds,
            @Valid SandboxPolicy sandbox,
            List<@Valid CredentialSpec> credentials,
            @Pattern(regexp = PROTOCOL, message = PROTOCOL_MESSAGE) String protocol,
            @Pattern(regexp = NAME_MAPPING, message = "must be always, never or when_ambiguous") String nameMapping) {}

    record PatchServer(
            @Size(max = 200) String displayName,
            List<@NotBlank String> command,
            Map<@Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "not a variable name") String, String> env,
            String url,
            Map<String, String> headers,
            @Pattern(regexp = ISOLATION, message = "must be shared or per_user") String isolation,
            @Pattern(regexp = STATUS, message = "must be draft, published or archived") String status,
            @Positive Integer callTimeoutSeconds,
            @Valid SandboxPolicy sandbox,
            List<@Valid CredentialSpec> credentials,
            @Pattern(regexp = PROTOCOL, message = PROTOCOL_MESSAGE) String protocol,
            @Pattern(regexp = NAME_MAPPING, message = "must be always, never or when_ambiguous") String nameMapping) {}
}
