package dev.annvil.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI smoke test of the harness: {@code synthetic-128 --quick --suite all} on 2,000 vectors
 * must write the report, the JSON and the plots, and every engine's exact and graph indexes must
 * have sane recall. It never asserts a speed. Engines that are not installed (python3-faiss,
 * python3-hnswlib) are skipped with a note by the harness itself.
 */
class HarnessSmokeTest {
    @TempDir
    Path dir;

    @Test
    void quickRunWritesTheReportWithSaneRecall() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        Path report = dir.resolve("report");
        HarnessMain.Outcome o = HarnessMain.run(
                new String[] {
                    "synthetic-128",
                    "--quick",
                    "--suite",
                    "all",
                    "--max-base",
                    "2000",
                    "--max-queries",
                    "100",
                    "--single-queries",
                    "20",
                    "--out",
                    report.toString(),
                    "--cache-dir",
                    dir.resolve("cache").toString()
                },
                out);
        String log = bytes.toString(StandardCharsets.UTF_8);
        assertThat(report.resolve("report.md")).exists();
        assertThat(report.resolve("results.json")).content().contains("\"runs\"");
        assertThat(Files.size(report.resolve("batch-t1.png"))).as(log).isGreaterThan(5_000);
        assertThat(o.markdown()).contains("| Annvil | Flat | 1 |");
        List<IndexRun> runs = o.runs();
        assertThat(runs).extracting(IndexRun::engine).contains("Annvil", "JVector", "Lucene");
        for (IndexRun r : runs) {
            CurvePoint best = r.points().stream()
                    .max(java.util.Comparator.comparingDouble(CurvePoint::recall10at10))
                    .orElseThrow();
            double floor = switch (r.spec().family()) {
                case FLAT -> 0.99;
                case HNSW -> 0.9;
                case IVF -> r.spec().factory().contains("PQ") ? 0.2 : 0.9;
            };
            assertThat(best.recall10at10())
                    .as("%s %s best 10-recall@10\n%s", r.engine(), r.spec().factory(), log)
                    .isGreaterThanOrEqualTo(floor);
            assertThat(best.batchQpsMedian()).isPositive();
        }
        assertThat(log).doesNotContain("failed:");
    }
}
