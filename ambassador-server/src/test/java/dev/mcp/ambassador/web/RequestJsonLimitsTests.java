package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.mock.http.MockHttpInputMessage;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;

/**
 * The nesting limit of {@code /v1/**} bodies, read as a JSON tree: no endpoint takes free-form
 * JSON today, so typed fields refuse deep input before the limit is reached; the limit holds for
 * any that would.
 */
class RequestJsonLimitsTests {

    private final JacksonJsonHttpMessageConverter converter = RequestJsonLimits.converter(
            JsonFactory.builder().build(),
            new StaticListableBeanFactory().getBeanProvider(JsonMapperBuilderCustomizer.class));

    @Test
    void readWhenNestedToTheLimitThenRead() throws Exception {
        JsonNode read = (JsonNode) converter.read(JsonNode.class, body(nested(RequestJsonLimits.MAX_NESTING_DEPTH)));

        assertThat(read.isArray()).isTrue();
    }

    @Test
    void readWhenNestedDeeperThanTheLimitThenRefusedAsAStreamConstraint() {
        assertThatThrownBy(() -> converter.read(JsonNode.class, body(nested(RequestJsonLimits.MAX_NESTING_DEPTH + 1))))
                .isInstanceOf(HttpMessageNotReadableException.class)
                .hasRootCauseInstanceOf(StreamConstraintsException.class)
                .rootCause()
                .hasMessageStartingWith("Document nesting depth");
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    private static MockHttpInputMessage body(String json) {
        MockHttpInputMessage message = new MockHttpInputMessage(json.getBytes(StandardCharsets.UTF_8));
        message.getHeaders().add("Content-Type", "application/json");
        return message;
    }
}
