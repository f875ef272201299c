package dev.mcp.ambassador.web;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tight read limits for the JSON bodies of the REST API ({@code /v1/**}, the only requests read
 * through Spring's message converters): the same mapper settings as everywhere else, but a body
 * may nest at most {@value #MAX_NESTING_DEPTH} levels, a number have at most {@value
 * #MAX_NUMBER_LENGTH} characters, a field name {@value #MAX_NAME_LENGTH} and a string {@value
 * #MAX_STRING_LENGTH} (the longest value any endpoint takes is an 8 KiB credential or header
 * value). Past any of them the request is a 400 problem saying which limit it broke. {@code /mcp}
 * reads its messages with the application's own mapper, whose limits MCP payloads need.
 */
@Configuration(proxyBeanMethods = false)
// After Spring Boot's own configurer (order 0), so this JSON converter is the one in place.
@Order(Ordered.LOWEST_PRECEDENCE)
class RequestJsonLimits implements WebMvcConfigurer {

    static final int MAX_NESTING_DEPTH = 32;
    static final int MAX_NUMBER_LENGTH = 32;
    static final int MAX_NAME_LENGTH = 256;
    static final int MAX_STRING_LENGTH = 32 * 1024;

    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxDocumentLength(RequestBodyLimit.MAX_BYTES)
            .build();

    private final JsonFactory jsonFactory;
    private final ObjectProvider<JsonMapperBuilderCustomizer> customizers;

    RequestJsonLimits(JsonFactory jsonFactory, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        this.jsonFactory = jsonFactory;
        this.customizers = customizers;
    }

    /**
     * Takes the place of Spring Boot's JSON converter in the same position: a converter bean
     * would instead be put ahead of the others, the string converter among them.
     */
    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(converter(jsonFactory, customizers));
    }

    /** A JSON converter with the application's mapper settings and these read limits. */
    static JacksonJsonHttpMessageConverter converter(
            JsonFactory jsonFactory, ObjectProvider<JsonMapperBuilderCustomizer> customizers) {
        JsonFactory limited =
                jsonFactory.rebuild().streamReadConstraints(CONSTRAINTS).build();
        JsonMapper.Builder builder = new JsonMapper.Builder(limited);
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return new JacksonJsonHttpMessageConverter(builder.build());
    }
}
