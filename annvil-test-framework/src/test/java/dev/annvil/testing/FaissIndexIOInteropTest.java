package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annvil.Index;
import dev.annvil.IndexFactory;
import dev.annvil.IndexFlat;
import dev.annvil.MetricType;
import dev.annvil.ParameterSpace;
import dev.annvil.io.IndexIO;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of every supported type go both ways between real FAISS 1.7.3 (Debian's python3-faiss, run
 * as a subprocess) and Annvil: FAISS builds, trains, adds and writes; Annvil reads, searches with
 * the same labels (near-ties aside) and re-writes the very same bytes; Annvil builds and writes,
 * FAISS reads and searches with Annvil's labels. Skipped, with the install command, when
 * python3-faiss is absent.
 */
class FaissIndexIOInteropTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int D = 32;
    private static final int NB = 2000;
    private static final int NQ = 20;
    private static final int K = 10;

    /** name, factory string, metric ("L2"/"IP"), parameter, value. */
    private static final String[][] CASES = {
        {"pq", "PQ8", "L2", "", "0"},
        {"sq", "SQ8", "L2", "", "0"},
        {"sq_ip", "SQ8", "IP", "", "0"},
        {"ivfflat", "IVF16,Flat", "L2", "nprobe", "4"},
        {"ivfflat_ip", "IVF16,Flat", "IP", "nprobe", "4"},
        {"ivfpq", "IVF16,PQ8x4", "L2", "nprobe", "4"},
        {"ivfsq", "IVF16,SQ8", "L2", "nprobe", "4"},
        {"ivf_hnsw", "IVF16_HNSW16,Flat", "L2", "nprobe", "4"},
        {"hnsw", "HNSW16", "L2", "efSearch", "32"},
        {"hnsw_ip", "HNSW16", "IP", "efSearch", "32"},
        {"hnswsq", "HNSW16_SQ8", "L2", "efSearch", "32"},
        {"hnswpq", "HNSW16_PQ8", "L2", "efSearch", "32"},
        {"refine", "IVF16,PQ8x4,RFlat", "L2", "nprobe", "4"},
    };

    @TempDir
    static Path dir;

    private static boolean available;

    @BeforeAll
    static void checkFaiss() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import faiss")
                    .redirectErrorStream(true)
                    .start();
            available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
    }

    private static String run(String script) throws IOException, InterruptedException {
        Path py = dir.resolve("script.py");
        Files.writeString(py, script);
        ProcessBuilder pb = new ProcessBuilder(PYTHON, py.toString()).redirectErrorStream(true);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("python output: %s", out).isZero();
        return out.trim();
    }

    private static String pyCases() {
        StringBuilder sb = new StringBuilder("[");
        for (String[] c : CASES) {
            sb.append("('%s','%s','%s','%s',%s),".formatted(c[0], c[1], c[2], c[3], c[4]));
        }
        return sb.append("]").toString();
    }

    private static ByteBuffer le(Path p) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static float[] floats(Path p) throws IOException {
        ByteBuffer b = le(p);
        float[] out = new float[b.remaining() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static long[] longs(Path p) throws IOException {
        ByteBuffer b = le(p);
        long[] out = new long[b.remaining() / 8];
        b.asLongBuffer().get(out);
        return out;
    }

    /**
     * Equal labels, except where both sides' distances at that rank are equal up to float noise.
     * For HNSW the 10-recall@10 against exact results must instead be at least the other side's minus
     * 0.06 (measured gaps: up to 0.03; 200 queries, and the graph is built by several threads):
     * on the very same graph FAISS 1.7.3 ends level-0 searches early, because its MinimaxHeap::push
     * decrements the count of unexpanded candidates even when the entry it evicts was already
     * expanded (fixed in later FAISS, which checks {@code ids[0] != -1}); Annvil follows the fixed
     * search and finds neighbors 1.7.3 misses.
     */
    private static void compare(
            SoftAssertions soft,
            String what,
            boolean hnsw,
            long[] truth,
            long[] la,
            float[] da,
            long[] lb,
            float[] db) {
        if (hnsw) {
            double ra = Recall.recallAtK(la, K, truth, K, NQ, K);
            double rb = Recall.recallAtK(lb, K, truth, K, NQ, K);
            soft.assertThat(rb)
                    .as("%s: recall %f vs the other side's %f", what, rb, ra)
                    .isGreaterThanOrEqualTo(ra - 0.06);
            soft.assertThat(ra).as("%s: recall of the other side", what).isGreaterThanOrEqualTo(0.3);
            return;
        }
        int mismatches = 0;
        for (int i = 0; i < la.length; i++) {
            if (la[i] != lb[i]) {
                float tol = 1e-4f * Math.max(1f, Math.abs(da[i]));
                soft.assertThat(Math.abs(da[i] - db[i]))
                        .as(
                                "%s: rank %d of query %d: labels %d vs %d, distances %f vs %f",
                                what, i % K, i / K, la[i], lb[i], da[i], db[i])
                        .isLessThanOrEqualTo(tol);
                mismatches++;
            }
        }
        soft.assertThat(mismatches)
                .as("%s: labels differing at near-ties", what)
                .isLessThanOrEqualTo(la.length / 20);
    }

    @Test
    void faissFilesReadAndAnnvilFilesLoadInFaiss() throws Exception {
        assumeTrue(available, "python3-faiss missing: apt-get install python3-faiss");
        run("""
                import faiss, numpy as np
                faiss.omp_set_num_threads(2)
                rs = np.random.RandomState(1234)
                xb = rs.rand(%d, %d).astype('float32')
                xq = rs.rand(%d, %d).astype('float32')
                xb.tofile('%s/xb.bin'); xq.tofile('%s/xq.bin')
                for name, desc, metric, param, value in %s:
                    m = faiss.METRIC_L2 if metric == 'L2' else faiss.METRIC_INNER_PRODUCT
                    idx = faiss.index_factory(%d, desc, m)
                    for sub in [idx, getattr(faiss.downcast_index(idx), 'storage', None)]:
                        if sub is not None and isinstance(faiss.downcast_index(sub), faiss.IndexPQ):
                            faiss.downcast_index(sub).do_polysemous_training = False  # slow and not needed
                    idx.train(xb); idx.add(xb)
                    if param:
                        faiss.ParameterSpace().set_index_parameter(idx, param, value)
                    if name == 'ivfflat':
                        idx.make_direct_map()
                    if name == 'refine':
                        idx.k_factor = 4
                    faiss.write_index(idx, '%s/f_' + name + '.faiss')
                    D, I = idx.search(xq, %d)
                    D.astype('float32').tofile('%s/fD_' + name + '.bin')
                    I.astype('int64').tofile('%s/fI_' + name + '.bin')
                """.formatted(NB, D, NQ, D, dir, dir, pyCases(), D, dir, K, dir, dir));
        float[] xb = floats(dir.resolve("xb.bin"));
        float[] xq = floats(dir.resolve("xq.bin"));
        SoftAssertions soft = new SoftAssertions();
        List<String> written = new ArrayList<>();
        for (String[] c : CASES) {
            String name = c[0];
            MetricType metric = c[2].equals("L2") ? MetricType.L2 : MetricType.INNER_PRODUCT;
            boolean hnsw = name.startsWith("hnsw");
            long[] truth = truth(metric, xb, xq);
            // FAISS -> Annvil: same search results, same bytes when written back
            Path f = dir.resolve("f_" + name + ".faiss");
            Index fromFaiss = IndexIO.readIndex(f);
            soft.assertThat(fromFaiss.ntotal()).as(name).isEqualTo(NB);
            long[] labels = new long[NQ * K];
            float[] distances = new float[NQ * K];
            fromFaiss.search(NQ, xq, K, distances, labels);
            compare(
                    soft,
                    name + " (FAISS file searched by Annvil)",
                    hnsw,
                    truth,
                    longs(dir.resolve("fI_" + name + ".bin")),
                    floats(dir.resolve("fD_" + name + ".bin")),
                    labels,
                    distances);
            Path back = dir.resolve("b_" + name + ".faiss");
            IndexIO.writeIndex(fromFaiss, back);
            soft.assertThat(Files.readAllBytes(back))
                    .as("%s: Annvil re-writes FAISS's bytes", name)
                    .isEqualTo(Files.readAllBytes(f));

            // Annvil -> FAISS
            Index ours = IndexFactory.create(D, c[1], metric);
            ours.train(NB, xb);
            ours.add(NB, xb);
            if (!c[3].isEmpty()) {
                ParameterSpace.setIndexParameter(ours, c[3], Double.parseDouble(c[4]));
            }
            ours.search(NQ, xq, K, distances, labels);
            writeLongs(dir.resolve("jI_" + name + ".bin"), labels);
            writeFloats(dir.resolve("jD_" + name + ".bin"), distances);
            IndexIO.writeIndex(ours, dir.resolve("j_" + name + ".faiss"));
            written.add("'" + name + "'");
        }
        run("""
                import faiss, numpy as np
                faiss.omp_set_num_threads(2)
                xq = np.fromfile('%s/xq.bin', dtype='float32').reshape(-1, %d)
                for name in [%s]:
                    idx = faiss.read_index('%s/j_' + name + '.faiss')
                    D, I = idx.search(xq, %d)
                    D.astype('float32').tofile('%s/kD_' + name + '.bin')
                    I.astype('int64').tofile('%s/kI_' + name + '.bin')
                """.formatted(dir, D, String.join(",", written), dir, K, dir, dir));
        for (String[] c : CASES) {
            String name = c[0];
            MetricType metric = c[2].equals("L2") ? MetricType.L2 : MetricType.INNER_PRODUCT;
            compare(
                    soft,
                    name + " (Annvil file searched by FAISS)",
                    name.startsWith("hnsw"),
                    truth(metric, xb, xq),
                    longs(dir.resolve("jI_" + name + ".bin")),
                    floats(dir.resolve("jD_" + name + ".bin")),
                    longs(dir.resolve("kI_" + name + ".bin")),
                    floats(dir.resolve("kD_" + name + ".bin")));
        }
        soft.assertAll();
    }

    private static long[] truth(MetricType metric, float[] xb, float[] xq) {
        IndexFlat flat = new IndexFlat(D, metric);
        flat.add(NB, xb);
        long[] labels = new long[NQ * K];
        flat.search(NQ, xq, K, new float[NQ * K], labels);
        return labels;
    }

    private static void writeLongs(Path p, long[] a) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(a.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(a);
        Files.write(p, b.array());
    }

    private static void writeFloats(Path p, float[] a) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(a);
        Files.write(p, b.array());
    }
}
