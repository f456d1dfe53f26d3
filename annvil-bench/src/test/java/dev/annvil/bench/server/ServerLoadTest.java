package dev.annvil.bench.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short, bounded run of {@code bench server} against an in-process server; never asserts a speed. */
class ServerLoadTest {
    @TempDir
    Path dir;

    @Test
    void shortRunMeasuresEveryCaseWithoutErrors() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String md = ServerLoadMain.run(
                new String[] {
                    "server",
                    "--duration",
                    "0.3",
                    "--clients",
                    "1,2",
                    "--n",
                    "1000",
                    "--indexes",
                    "3",
                    "--index-size",
                    "200",
                    "--batch-queries",
                    "50",
                    "--add-vectors",
                    "3000",
                    "--out",
                    dir.toString()
                },
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(md)
                .as(log)
                .contains("| add (100 vectors per request) | 2 |")
                .contains("| add (1000 vectors per request) | 2 |")
                .contains("| search (1 query) | 1 |")
                .contains("| search (50 queries) | 2 |")
                .contains("| search 3 indexes | 2 |");
        // Every case completed requests; errors (lost replies) are reported in the last column, not asserted:
        // this tests the harness, not the server.
        assertThat(md.lines().filter(l -> l.startsWith("| add") || l.startsWith("| search")))
                .as(log)
                .hasSize(10)
                .allSatisfy(l -> assertThat(l).as(log).doesNotContain("| 0.0 |"));
        assertThat(dir.resolve("requests-per-second.png")).exists();
        assertThat(dir.resolve("results.json")).content().contains("\"latency_ms_p99\"");
    }

    @Test
    void onlyLoopbackServersAreAccepted() {
        ServerLoad.checkLoopback("tcp://127.0.0.1:45678");
        ServerLoad.checkLoopback("tcp://localhost:45678");
        assertThatThrownBy(() -> ServerLoad.checkLoopback("tcp://10.0.0.5:45678"))
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> ServerLoadOptions.parse(new String[] {"server", "--server", "tcp://8.8.8.8:1"}, 1))
                .hasMessageContaining("loopback");
    }
}
