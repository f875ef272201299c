package dev.mcp.ambassador.storage;

import com.zaxxer.hikari.HikariDataSource;
import dev.mcp.ambassador.config.AmbassadorProperties;
import dev.mcp.ambassador.config.DataDirectory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the database: the external PostgreSQL named by {@code AMBASSADOR_DATABASE_URL}, or else
 * an embedded PostgreSQL whose files live in the data directory and survive restarts.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${ambassador.database.url:}'.isBlank()")
    EmbeddedDatabase embeddedDatabase(DataDirectory dataDirectory) {
        return EmbeddedDatabase.start(
                dataDirectory.privateDirectory("postgres"),
                dataDirectory.privateDirectory("postgres-binaries"),
                dataDirectory.root().resolve("postgres_password"),
                dataDirectory);
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(AmbassadorProperties properties, ObjectProvider<EmbeddedDatabase> embedded) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName("ambassador");
        pool.setMaximumPoolSize(10);
        AmbassadorProperties.Database database = properties.database();
        if (database.external()) {
            pool.setJdbcUrl(database.url());
            pool.setUsername(database.username());
            pool.setPassword(database.password());
        } else {
            pool.setJdbcUrl(embedded.getObject().jdbcUrl());
            pool.setUsername(EmbeddedDatabase.USER);
            pool.setPassword(embedded.getObject().password());
        }
        return pool;
    }
}
