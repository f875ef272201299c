package dev.mcp.ambassador.ratelimit;

import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Chooses where budgets live, by {@code ambassador.rate-limit.store}. */
@Configuration(proxyBeanMethods = false)
class BucketStoreConfiguration {

    @Bean
    BucketStore bucketStore(RateLimitProperties properties, DataSource dataSource) {
        return switch (properties.store()) {
            case MEMORY -> new MemoryBucketStore();
            case POSTGRESQL -> new PostgresBucketStore(dataSource);
        };
    }
}
