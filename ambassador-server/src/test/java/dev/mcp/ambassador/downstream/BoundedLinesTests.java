package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void nextWhenMultiByteCharactersSpanReadsThenDecodedWhole() throws IOException {
        String text = "é".repeat(40_000) + "\n";
        BoundedLines lines = new BoundedLines(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), 100_000);

        assertThat(lines.next()).isEqualTo(new BoundedLines.Line.Text("é".repeat(40_000)));
    }
}
