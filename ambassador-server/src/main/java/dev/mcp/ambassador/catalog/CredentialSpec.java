package dev.mcp.ambassador.catalog;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One credential a server needs from each user (for {@code per_user} servers): how the user's value
 * reaches the server, as an environment variable of its process or a header of its requests.
 *
 * @param name what users call it, e.g. {@code github_token}
 * @param envVar the environment variable a stdio process gets it in
 * @param header the header a remote server gets it in
 * @param required whether calls are refused while the user has not set it
 */
public record CredentialSpec(
        @NotBlank @Size(max = 64) @Pattern(regexp = "[a-z0-9_]+", message = "lower-case letters, digits and _")
                String name,
        @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "not a variable name") String envVar,
        @Pattern(regexp = "[A-Za-z0-9-]+", message = "not a header name") String header,
        @Size(max = 500) String description,
        boolean required) {}
