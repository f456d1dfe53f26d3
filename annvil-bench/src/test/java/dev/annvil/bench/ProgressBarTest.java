package dev.annvil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void terminalBarRedrawsInPlaceOncePerPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "train", true);
        bar.progress("k-means", 0.5);
        bar.progress("k-means", 0.501); // same percent: no redraw
        bar.progress("k-means", 1.0);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.split("\r", -1)).hasSize(3);
        assertThat(out).contains("[###############...............]  50% k-means");
        assertThat(out)
                .contains("[##############################] 100% k-means")
                .endsWith("\n");
    }

    @Test
    void logOutputHasOneLinePerTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), "add", false);
        for (int i = 0; i <= 100; i++) {
            bar.progress("adding", i / 100.0);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(11);
        assertThat(lines[5]).startsWith("add  50% adding");
    }
}
