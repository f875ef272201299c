package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ProcessQuotaTests {

    @Test
    void acquireWhenTwentyUsersStartAtOnceThenExactlyTheGlobalLimitRunsAndTheRestAreToldWhy() throws Exception {
        ProcessQuota quota = new ProcessQuota(5, 8);
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<ProcessQuota.Slot> granted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refusals = new ConcurrentLinkedQueue<>();
        List<Future<?>> users = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                UUID user = UUID.randomUUID();
                users.add(pool.submit(() -> {
                    go.await();
                    try {
                        granted.add(quota.acquire(user, "everything"));
                    } catch (DownstreamException e) {
                        refusals.add(e.getMessage());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> user : users) {
                user.get();
            }
        }

        assertThat(granted).hasSize(5);
        assertThat(quota.inUse()).isEqualTo(5);
        assertThat(refusals).hasSize(15).allSatisfy(message -> assertThat(message)
                .contains("ambassador.sandbox.max-processes"));
    }

    @Test
    void acquireWhenOneUserHasTheirLimitThenRefusedForThemButNotForOthers() {
        ProcessQuota quota = new ProcessQuota(10, 2);
        UUID alice = UUID.randomUUID();
        quota.acquire(alice, "a");
        quota.acquire(alice, "b");

        assertThatThrownBy(() -> quota.acquire(alice, "c"))
                .isInstanceOf(DownstreamException.class)
                .hasMessageContaining("max-processes-per-user");
        quota.acquire(UUID.randomUUID(), "c");
        // Shared processes count against the total only.
        quota.acquire(null, "d");
        quota.acquire(null, "e");
        assertThat(quota.inUse()).isEqualTo(5);
    }

    @Test
    void releaseWhenCalledTwiceThenThePlaceIsGivenBackOnce() {
        ProcessQuota quota = new ProcessQuota(1, 1);
        ProcessQuota.Slot slot = quota.acquire(UUID.randomUUID(), "a");
        assertThatThrownBy(() -> quota.acquire(null, "b")).isInstanceOf(DownstreamException.class);

        slot.release();
        slot.release();

        assertThat(quota.inUse()).isZero();
        quota.acquire(null, "b");
        assertThatThrownBy(() -> quota.acquire(null, "c")).isInstanceOf(DownstreamException.class);
    }
}
