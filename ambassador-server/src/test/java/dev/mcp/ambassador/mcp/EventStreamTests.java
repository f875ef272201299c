package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventStreamTests {

    private final EventStream stream = new EventStream(3, 2, 1024);

    @Test
    void afterWhenResumedFromAnEventThenOnlyLaterOnesAreGiven() throws InterruptedException {
        stream.append("a");
        stream.append("b");

        assertThat(stream.after(1, Duration.ZERO))
                .extracting(EventStream.Event::data)
                .containsExactly("b");
        assertThat(stream.idOf(2)).isEqualTo("3-2");
    }

    @Test
    void appendWhenPastCapacityThenTheOldestIsLetGo() throws InterruptedException {
        stream.append("a");
        stream.append("b");
        stream.append("c");

        assertThat(stream.after(0, Duration.ZERO))
                .extracting(EventStream.Event::data)
                .containsExactly("b", "c");
    }

    @Test
    void appendLastWhenDoneThenNothingMoreIsTakenAndReadersAreDone() {
        stream.appendLast("answer");

        assertThat(stream.append("late")).isEqualTo(-1);
        assertThat(stream.doneAfter(1)).isTrue();
        assertThat(stream.doneAfter(0)).isFalse();
    }

    @Test
    void parseIdWhenOursThenStreamAndSequenceElseEmpty() {
        assertThat(EventStream.parseId("3-17"))
                .hasValueSatisfying(id -> assertThat(id).containsExactly(3, 17));
        assertThat(EventStream.parseId("x-1")).isEmpty();
        assertThat(EventStream.parseId("-1")).isEmpty();
        assertThat(EventStream.parseId(null)).isEmpty();
    }

    @Test
    void appendWhenPastTheByteBudgetThenOldEventsGoButTheNewestStays() throws InterruptedException {
        EventStream small = new EventStream(1, 100, 200);
        small.append("x".repeat(100));
        small.append("y".repeat(100));
        small.appendLast("z".repeat(500));

        assertThat(small.after(0, Duration.ZERO))
                .extracting(EventStream.Event::data)
                .containsExactly("z".repeat(500));
    }
}
