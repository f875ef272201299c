package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpaRoutesTests {

    @ParameterizedTest
    @ValueSource(strings = {"/users", "/users/", "/users/0f8c-11", "/audit/events", "/sign-in", "/me/credentials"})
    void isRouteWhenPlainPathThenTrue(String path) {
        assertThat(SpaRoutes.isRoute(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/",
                "/v1/admin/users",
                "/V1/admin",
                "/mcp",
                "/actuator/health",
                "/v3/api-docs",
                "/assets/index.js",
                "/error",
                "/favicon.ico",
                "/users.json",
                "/a/../b",
                "/users//x",
                "/%2e%2e/x"
            })
    void isRouteWhenServerPathOrFileThenFalse(String path) {
        assertThat(SpaRoutes.isRoute(path)).isFalse();
    }
}
