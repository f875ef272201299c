package dev.mcp.ambassador.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronizationManager;

class FeedCacheTests {

    private final AtomicBoolean trusted = new AtomicBoolean(true);
    private final FeedCache<String, String> cache = new FeedCache<>("test", trusted::get, 3);
    private final AtomicInteger reads = new AtomicInteger();

    private String read(String key) {
        return key + "@" + reads.incrementAndGet();
    }

    @Test
    void getWhenTrustedThenTheDatabaseIsReadOncePerKeyUntilInvalidated() {
        assertThat(cache.get("a", this::read)).isEqualTo("a@1");
        assertThat(cache.get("a", this::read)).isEqualTo("a@1");

        cache.invalidate();

        assertThat(cache.get("a", this::read)).isEqualTo("a@2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void getWhenTheFeedDoesNotVouchThenEveryReadGoesToTheDatabaseAndNothingIsKept() {
        cache.get("a", this::read);
        trusted.set(false);

        assertThat(cache.get("a", this::read)).isEqualTo("a@2");
        assertThat(cache.get("b", this::read)).isEqualTo("b@3");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void getWhenTheReadFailsThenTheFailureReachesTheCallerAndNothingIsKept() {
        trusted.set(false);
        assertThatThrownBy(() -> cache.get("a", key -> {
                    throw new IllegalStateException("database down");
                }))
                .hasMessage("database down");
        assertThat(cache.size()).isZero();
    }

    @Test
    void getWhenInvalidatedWhileReadingThenTheValueReadIsNotKept() {
        // The read saw the row before the change committed; the change's invalidation came meanwhile.
        String stale = cache.get("a", key -> {
            cache.invalidate();
            return "before the change";
        });

        assertThat(stale).isEqualTo("before the change");
        assertThat(cache.size()).isZero();
        assertThat(cache.get("a", this::read)).isEqualTo("a@1");
    }

    @Test
    void getInsideATransactionThenTheDatabaseIsReadSoTheTransactionSeesItsOwnWrites() {
        cache.get("a", this::read);
        TransactionSynchronizationManager.setActualTransactionActive(true);
        try {
            assertThat(cache.get("a", this::read)).isEqualTo("a@2");
        } finally {
            TransactionSynchronizationManager.setActualTransactionActive(false);
        }
        assertThat(cache.get("a", this::read)).isEqualTo("a@1");
    }

    @Test
    void getWhenFullThenItStartsAgainWithWhatIsUsed() {
        cache.get("a", this::read);
        cache.get("b", this::read);
        cache.get("c", this::read);

        cache.get("d", this::read);

        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.get("d", this::read)).isEqualTo("d@4");
    }
}
