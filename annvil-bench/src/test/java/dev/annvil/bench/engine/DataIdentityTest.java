package dev.annvil.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.annvil.bench.data.DataCache;
import dev.annvil.bench.data.Dataset;
import dev.annvil.bench.data.Synthetic;
import dev.annvil.bench.harness.BenchData;
import dev.annvil.bench.harness.IndexRun;
import dev.annvil.bench.harness.IndexSpec;
import dev.annvil.bench.harness.RunConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAISS and Annvil receive identical data: the FAISS script reports the first and last base and
 * query vectors, the first and last ground-truth rows and the sums it read, and they equal what the
 * JVM engines search; a changed byte in the files FAISS reads makes the run fail. Skipped when
 * python3-faiss is not installed.
 */
class DataIdentityTest {
    @TempDir
    Path dir;

    @Test
    void faissReadsTheSameVectorsAndGroundTruthAsAnnvil() throws Exception {
        PythonEngine faiss = PythonEngine.faiss();
        assumeThat(faiss.unavailableReason()).as("python3-faiss installed").isNull();
        float[][] bq = Synthetic.generate(11, 300, 20, 128);
        DataCache cache = new DataCache(dir);
        int[] gt = DataCache.exact(bq[0], bq[1], 128, 10);
        Dataset ds = new Dataset("identity", "test", 128, bq[0], bq[1], gt, 10);
        BenchData data = new BenchData(ds, cache);
        RunConfig cfg = new RunConfig(10, List.of(1), 1, 5);
        PrintStream log = new PrintStream(new ByteArrayOutputStream());

        IndexRun run = faiss.run(IndexSpec.flat(), data, cfg, log);
        // The run only returns after DataCheck.of(ds) matched the script's report; exact search on the
        // same data must then reproduce the ground truth.
        assertThat(run.points().getFirst().recall10at10()).isEqualTo(1.0);
        DataCheck mine = DataCheck.of(ds);
        assertThat(mine.baseFirst()).containsExactly(java.util.Arrays.copyOfRange(bq[0], 0, 128));
        assertThat(mine.queryLast()).containsExactly(java.util.Arrays.copyOfRange(bq[1], 19 * 128, 20 * 128));
        assertThat(mine.gtFirst()).containsExactly(java.util.Arrays.copyOfRange(gt, 0, 10));

        // Flip the last float of the base file FAISS reads: the check must catch it.
        try (RandomAccessFile f = new RandomAccessFile(data.rawFiles().base().toFile(), "rw")) {
            f.seek(f.length() - 4);
            f.writeFloat(12345.0f);
        }
        assertThatThrownBy(() -> faiss.run(IndexSpec.flat(), data, cfg, log))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("FAISS read other data than the JVM engines: first/last base vectors differ");
    }

    @Test
    void mismatchNamesWhatDiffers() {
        float[] v = {1, 2};
        DataCheck a = new DataCheck(v, v, v, v, new int[] {1}, new int[] {2}, 3.0, 4.0);
        assertThat(a.mismatch(a)).isNull();
        assertThat(a.mismatch(new DataCheck(v, v, v, new float[] {1, 3}, new int[] {1}, new int[] {2}, 3, 4)))
                .isEqualTo("first/last query vectors differ");
        assertThat(a.mismatch(new DataCheck(v, v, v, v, new int[] {1}, new int[] {5}, 3, 4)))
                .isEqualTo("first/last ground-truth rows differ");
        assertThat(a.mismatch(new DataCheck(v, v, v, v, new int[] {1}, new int[] {2}, 3.5, 4)))
                .startsWith("sums differ");
    }
}
