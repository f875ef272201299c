package dev.mcp.ambassador.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budgets in PostgreSQL (table {@code rate_limit_buckets}), through bucket4j's select-for-update
 * proxy: each take locks the budget's row for one short transaction, so every replica on the same
 * database takes from the same budget. Rows of budgets that have refilled completely expire and
 * are swept now and then.
 */
final class PostgresBucketStore implements BucketStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresBucketStore.class);
    private static final int SWEEP_EVERY = 1024;
    private static final int SWEEP_BATCH = 1000;

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> proxies;
    private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

    PostgresBucketStore(DataSource dataSource) {
        this.proxies = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    @Override
    public OptionalLong tryTake(Budget budget) {
        ConsumptionProbe probe = proxies.builder()
                .build(budget.storeKey(), budget::configuration)
                .tryConsumeAndReturnRemaining(1);
        sweepNow();
        return probe.isConsumed() ? OptionalLong.empty() : OptionalLong.of(probe.getNanosToWaitForRefill());
    }

    @Override
    public void giveBack(Budget budget) {
        proxies.builder().build(budget.storeKey(), budget::configuration).addTokens(1);
    }

    private void sweepNow() {
        if (untilSweep.decrementAndGet() > 0) {
            return;
        }
        untilSweep.set(SWEEP_EVERY);
        try {
            proxies.removeExpired(SWEEP_BATCH);
        } catch (RuntimeException e) {
            // Only housekeeping: the next sweep tries again.
            log.warn(
                    "Could not sweep expired rate-limit budgets: {}",
                    e.getClass().getName());
        }
    }
}
