package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annvil.Index;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIDMap2;
import dev.annvil.MetricType;
import dev.annvil.io.IndexIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by real FAISS (Debian's python3-faiss, run as a subprocess) load in Annvil, and
 * Annvil's files load in FAISS. Skipped, with the install command, when python3-faiss is absent.
 */
class FaissFileInteropTest {
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path dir;

    private static String run(Path dir, String script) throws IOException, InterruptedException {
        Path py = dir.resolve("script.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("python output: %s", out).isZero();
        return out.trim();
    }

    private static boolean faissAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import faiss")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void faissFilesLoadAndAnnvilFilesLoadInFaiss() throws Exception {
        assumeTrue(faissAvailable(), "python3-faiss missing: apt-get install python3-faiss");
        int d = 13;
        int n = 50;
        run(dir, """
                import faiss, numpy as np
                rs = np.random.RandomState(7)
                xb = rs.rand(%d, %d).astype('float32')
                xb.tofile('%s')
                flat = faiss.IndexFlatL2(%d); flat.add(xb)
                faiss.write_index(flat, '%s')
                m = faiss.IndexIDMap2(faiss.IndexFlatIP(%d)); m.add_with_ids(xb, (np.arange(%d) * 3 + 5).astype('int64'))
                faiss.write_index(m, '%s')
                """.formatted(
                        n, d, dir.resolve("xb.bin"), d, dir.resolve("flat.faiss"), d, n, dir.resolve("idmap2.faiss")));
        float[] xb = new float[n * d];
        ByteBuffer.wrap(Files.readAllBytes(dir.resolve("xb.bin")))
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(xb);

        Index flat = IndexIO.readIndex(dir.resolve("flat.faiss"));
        assertThat(flat).isInstanceOf(IndexFlatL2.class);
        assertThat(flat.ntotal()).isEqualTo(n);
        float[] v = new float[d];
        flat.reconstruct(31, v);
        assertThat(v).containsExactly(TestData.row(xb, d, 31));

        Index idmap = IndexIO.readIndex(dir.resolve("idmap2.faiss"));
        assertThat(idmap).isInstanceOf(IndexIDMap2.class);
        assertThat(idmap.metricType()).isEqualTo(MetricType.INNER_PRODUCT);
        idmap.reconstruct(5 + 3 * 10, v);
        assertThat(v).containsExactly(TestData.row(xb, d, 10));

        // the reverse direction: Annvil writes, FAISS reads and searches
        IndexIDMap2 ours = new IndexIDMap2(new IndexFlatL2(d));
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            ids[i] = 100 + i;
        }
        ours.addWithIds(n, xb, ids);
        IndexIO.writeIndex(ours, dir.resolve("ours.faiss"));
        long[] labels = new long[1];
        ours.search(1, TestData.row(xb, d, 42), 1, new float[1], labels);
        String out = run(dir, """
                import faiss, numpy as np
                xb = np.fromfile('%s', dtype='float32').reshape(-1, %d)
                idx = faiss.read_index('%s')
                D, I = idx.search(xb[42:43], 1)
                print(type(idx).__name__, idx.ntotal, int(I[0, 0]))
                """.formatted(dir.resolve("xb.bin"), d, dir.resolve("ours.faiss")));
        assertThat(out).isEqualTo("IndexIDMap2 " + n + " " + labels[0]);
        assertThat(labels[0]).isEqualTo(142);
    }
}
