package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BoundedLinesTests {

    @Test
    void nextWhenALineIsTooLongThenItIsSkippedAndTheNextOneStillArrives() throws IOException {
        String input = "{\"a\":1}\n" + "x".repeat(100) + "\n{\"b\":2}\r\nlast";
        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), 50);

        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.Text("{\"a\":1}"));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.TooLong(100));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.Text("{\"b\":2}"));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.Text("last"));
        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.End());
    }

    @Test
    void nextWhen100MiBWithoutANewlineThenSkippedAllocatingUnderOneMiB() throws IOException {
        long total = 100L * 1024 * 1024;
        InputStream endless = new InputStream() {
            private long left = total;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] target, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int count = (int) Math.min(length, left);
                Arrays.fill(target, offset, offset + count, (byte) 'x');
                left -= count;
                return count;
            }
        };
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        BoundedLines lines = new BoundedLines(endless, StderrTail.MAX_LINE_BYTES);
        long before = threads.getCurrentThreadAllocatedBytes();

        BoundedLines.Line line = lines.next();

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(line).isEqualTo(new BoundedLines.Line.TooLong(total));
        // Everything read was dropped as it came: what was allocated is the buffers, not the line.
        assertThat(allocated).isLessThan(1024 * 1024);
    }

    @Test
    void nextWhenMultiByteCharactersSpanReadsThenDecodedWhole() throws IOException {
        String text = "é".repeat(40_000) + "\n";
        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100_000);

        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.Text("é".repeat(40_000)));
    }
}
