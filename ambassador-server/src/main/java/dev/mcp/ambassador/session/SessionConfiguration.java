package dev.mcp.ambassador.session;

import dev.mcp.ambassador.config.AmbassadorProperties;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SessionConfiguration {

    @Bean
    SessionTokens sessionTokens(SigningKeyStore keys, Clock clock, AmbassadorProperties properties) {
        return new SessionTokens(keys::keys, clock, properties.sessions().maxLifetime());
    }
}
