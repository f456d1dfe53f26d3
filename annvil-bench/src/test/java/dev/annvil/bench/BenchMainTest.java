package dev.annvil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchMainTest {
    private static String run(int expectedStatus, String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThat(BenchMain.run(args, out)).isEqualTo(expectedStatus);
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void parsesOptions() {
        BenchMain.Options o = BenchMain.Options.parse(new String[] {
            "fashion-mnist",
            "--threads",
            "1,2,4",
            "--single-queries",
            "200",
            "--repetitions",
            "5",
            "--no-faiss",
            "--data-dir",
            "/tmp/x",
            "--out",
            "r.md"
        });
        assertThat(o.threads).containsExactly(1, 2, 4);
        assertThat(o.singleQueries).isEqualTo(200);
        assertThat(o.repetitions).isEqualTo(5);
        assertThat(o.faiss).isFalse();
        assertThat(o.dataDir).hasToString("/tmp/x");
        assertThat(o.out).hasToString("r.md");
    }

    @Test
    void badArgumentsPrintTheProblemAndUsage() {
        assertThat(run(2)).contains("missing benchmark name").contains("usage: fashion-mnist");
        assertThat(run(2, "sift")).contains("unknown benchmark 'sift'");
        assertThat(run(2, "fashion-mnist", "--threads", "1,x")).contains("--threads needs a positive integer");
        assertThat(run(2, "fashion-mnist", "--repetitions")).contains("--repetitions needs a value");
        assertThat(run(2, "fashion-mnist", "--bogus")).contains("unknown option '--bogus'");
        assertThat(run(0, "--help")).startsWith("usage: fashion-mnist");
    }

    @Test
    void missingDatasetFailsWithTheInstallHint() {
        assertThat(run(1, "fashion-mnist", "--no-faiss", "--data-dir", "/nonexistent/fmnist"))
                .contains("Fashion-MNIST not found at /nonexistent/fmnist: install it with: "
                        + "sudo apt-get install dataset-fashion-mnist");
    }

    @Test
    void parsesTheFaissScriptOutput() throws IOException {
        String json = "{\"engine\": \"FAISS\", \"faiss_version\": \"1.7.3\", \"compile_options\": \"OPTIMIZE GENERIC\","
                + " \"numpy_version\": \"1.24.2\", \"python\": \"3.11.2\", \"build_s\": 0.5, \"runs\": [{\"threads\": 2,"
                + " \"batch_qps\": [900.0, 1e3, 800], \"single_qps\": [20, 30, 25], \"latencies_ms\": [1.5, 2.5, -0.0]}]}";
        FaissRunner.Result r = FaissRunner.parse(json, new long[] {1, 2});
        assertThat(r.description()).isEqualTo("FAISS 1.7.3 (OPTIMIZE GENERIC), numpy 1.24.2, Python 3.11.2");
        EngineRun run = r.runs().getFirst();
        assertThat(run.threads()).isEqualTo(2);
        assertThat(run.buildSeconds()).isEqualTo(0.5);
        assertThat(run.batchQpsMedian()).isEqualTo(900);
        assertThat(run.batchQpsMin()).isEqualTo(800);
        assertThat(run.batchQpsMax()).isEqualTo(1000);
        assertThat(run.singleQpsMedian()).isEqualTo(25);
        String md = MarkdownReport.render(List.of("x"), List.of(run), List.of(run), List.of());
        assertThat(md).contains("| FAISS | 2 | 0.500 | 900.0 [800.0..1000.0] | 25.0 |");
    }
}
