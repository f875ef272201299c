package dev.mcp.ambassador.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description at {@code /v3/api-docs}, for signed-in admins. Who may call each
 * operation and which errors it answers are derived here from the one access map, so the document
 * cannot drift from the security configuration path by path.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String SESSION_TOKEN = "session_token";
    static final String API_KEY = "api_key";
    static final String BROWSER_SESSION = "browser_session";

    @Bean
    OpenAPI ambassadorOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("MCP Ambassador API")
                        .version("v1")
                        .description("Client, admin and self-service API. Errors are application/problem+json."))
                .components(new Components()
                        .addSecuritySchemes(
                                SESSION_TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("amb_st_…")
                                        .description("Session token from POST /v1/sessions/register"))
                        .addSecuritySchemes(
                                API_KEY,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("amb_ak_…")
                                        .description(
                                                "Admin API key; acts with its owner's roles; no CSRF header needed"))
                        .addSecuritySchemes(
                                BROWSER_SESSION,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.APIKEY)
                                        .in(SecurityScheme.In.COOKIE)
                                        .name("AMBASSADOR_SESSION")
                                        .description(
                                                "Cookie from POST /v1/auth/login; mutations also send X-XSRF-TOKEN"))
                        .addSchemas("Problem", problemSchema()));
    }

    @Bean
    OpenApiCustomizer accessAndErrors() {
        return openApi -> openApi.getPaths().forEach((path, item) -> describe(path, item));
    }

    private static void describe(String path, PathItem item) {
        Access access = Access.of(path);
        item.readOperationsMap().forEach((method, operation) -> {
            operation.addExtension("x-required-role", access.role);
            String note = "Access: " + access.description + ".";
            operation.setDescription(
                    operation.getDescription() == null ? note : operation.getDescription() + "\n\n" + note);
            access.schemes.forEach(scheme -> operation.addSecurityItem(new SecurityRequirement().addList(scheme)));
            errors(path, method, access).forEach((status, text) -> addProblem(operation, status, text));
        });
    }

    private static Map<String, String> errors(String path, PathItem.HttpMethod method, Access access) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.DELETE) {
            errors.put("400", "The request body is not valid; `errors` names each bad field.");
        }
        if (!access.schemes.isEmpty() || path.equals("/v1/sessions/register") || path.equals("/v1/auth/login")) {
            errors.put("401", "Not authenticated, or the credentials were refused.");
        }
        if (access.role.startsWith("ADMIN")) {
            errors.put("403", "Signed in, but without the required role, or the CSRF header is missing.");
        }
        if (path.contains("{")) {
            errors.put("404", "Nothing exists at that id.");
        }
        if (method == PathItem.HttpMethod.POST && path.startsWith("/v1/admin/")) {
            errors.put("409", "Conflicts with existing data.");
        }
        if (method != PathItem.HttpMethod.GET && path.startsWith("/v1/")) {
            errors.put("413", "The request body is larger than 64 KiB.");
        }
        if (path.equals("/v1/sessions/register") || path.equals("/v1/auth/login") || access.schemes.contains(API_KEY)) {
            errors.put(
                    "429",
                    "Too many failed attempts (sign-ins, registrations, API keys) from this address; see"
                            + " Retry-After.");
        }
        errors.put("500", "An internal error; no detail is disclosed.");
        if (path.equals("/v1/auth/login") || path.equals("/v1/me/password")) {
            errors.put("503", "Too many password checks at once; see Retry-After.");
        }
        return errors;
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation
                .getResponses()
                .addApiResponse(
                        status,
                        new ApiResponse()
                                .description(description)
                                .content(new Content()
                                        .addMediaType(
                                                "application/problem+json",
                                                new MediaType()
                                                        .schema(new Schema<>().$ref("#/components/schemas/Problem")))));
    }

    @SuppressWarnings("rawtypes")
    private static Schema problemSchema() {
        return new Schema<>()
                .type("object")
                .description("RFC 9457 problem details")
                .addProperty("type", new Schema<>().type("string").format("uri"))
                .addProperty("title", new Schema<>().type("string"))
                .addProperty("status", new Schema<>().type("integer"))
                .addProperty("detail", new Schema<>().type("string"))
                .addProperty("errors", new Schema<>().type("array").description("validation only: [{field, message}]"));
    }

    /** Who may call a path: mirrors SecurityConfiguration. */
    private record Access(String role, String description, List<String> schemes) {
        static Access of(String path) {
            if (path.startsWith("/v1/admin/") || path.startsWith("/v3/api-docs")) {
                return new Access(
                        "ADMIN",
                        "role ADMIN (API key or signed-in browser session)",
                        List.of(API_KEY, BROWSER_SESSION));
            }
            if (path.equals("/v1/sessions/register") || path.equals("/v1/auth/login")) {
                return new Access("NONE", "anyone; the body carries the credential", List.of());
            }
            if (path.startsWith("/v1/sessions/") || path.startsWith("/mcp")) {
                return new Access("CLIENT_SESSION", "a client session token", List.of(SESSION_TOKEN));
            }
            return new Access(
                    "SIGNED_IN", "any signed-in user (API key or browser session)", List.of(API_KEY, BROWSER_SESSION));
        }
    }
}
