package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annvil.IndexHNSWFlat;
import dev.annvil.SearchParametersHNSW;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IndexHNSWFlat against real FAISS (Debian's python3-faiss, run as a subprocess) on a seeded
 * subset of Fashion-MNIST (20,000 train images as the database, 500 test images as queries, d =
 * 784, raw pixel values): with M = 32 and FAISS's defaults, Annvil's 10-recall@10 against exact
 * ground truth is at most 0.01 below FAISS's for efSearch 16, 64 and 256, and Annvil draws exactly
 * FAISS's levels. Skipped, with the install command, when python3-faiss or the data set is absent.
 */
class HNSWFaissRecallTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");
    private static final int D = 784;
    private static final int NB = 20_000;
    private static final int NQ = 500;
    private static final int SEED = 1234;
    private static final int[] EF_SEARCH = {16, 64, 256};

    @TempDir
    Path dir;

    private static boolean faissAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import faiss, numpy")
                    .redirectErrorStream(true)
                    .start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private String run(String script) throws IOException, InterruptedException {
        Path py = dir.resolve("script.py");
        Files.writeString(py, script);
        Process p = new ProcessBuilder(PYTHON, py.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("python finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("python output: %s", out).isZero();
        return out.trim();
    }

    private ByteBuffer read(String name) throws IOException {
        return ByteBuffer.wrap(Files.readAllBytes(dir.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void recallMatchesFaissOnFashionMnist() throws Exception {
        assumeTrue(faissAvailable(), "python3-faiss missing: apt-get install python3-faiss python3-numpy");
        assumeTrue(
                Files.isRegularFile(FASHION.resolve("train-images-idx3-ubyte.gz")),
                "Fashion-MNIST missing: apt-get install dataset-fashion-mnist");
        String out = run("""
                import gzip, numpy as np, faiss
                faiss.omp_set_num_threads(1)  # OpenMP spin-waits badly on a shared 2-core machine
                def load(p):
                    with gzip.open(p) as f:
                        b = f.read()
                    return np.frombuffer(b, dtype=np.uint8, offset=16).reshape(-1, 784).astype('float32')
                rs = np.random.RandomState(%d)
                tr = load('%s/train-images-idx3-ubyte.gz')
                te = load('%s/t10k-images-idx3-ubyte.gz')
                xb = np.ascontiguousarray(tr[rs.choice(len(tr), %d, replace=False)])
                xq = np.ascontiguousarray(te[rs.choice(len(te), %d, replace=False)])
                xb.tofile('%s'); xq.tofile('%s')
                flat = faiss.IndexFlatL2(784); flat.add(xb)
                _, gt = flat.search(xq, 10)
                gt.astype('int64').tofile('%s')
                idx = faiss.IndexHNSWFlat(784, 32)
                idx.add(xb)
                faiss.vector_to_array(idx.hnsw.levels).astype('int32').tofile('%s')
                for ef in %s:
                    idx.hnsw.efSearch = ef
                    _, I = idx.search(xq, 10)
                    r = np.mean([len(set(I[i]) & set(gt[i])) / 10.0 for i in range(len(xq))])
                    print('recall', ef, r)
                """.formatted(
                        SEED,
                        FASHION,
                        FASHION,
                        NB,
                        NQ,
                        dir.resolve("xb.bin"),
                        dir.resolve("xq.bin"),
                        dir.resolve("gt.bin"),
                        dir.resolve("levels.bin"),
                        java.util.Arrays.toString(EF_SEARCH)));
        Map<Integer, Double> faissRecall = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals("recall")) {
                faissRecall.put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
            }
        }
        assertThat(faissRecall).as("python output: %s", out).hasSize(EF_SEARCH.length);
        float[] xb = new float[NB * D];
        float[] xq = new float[NQ * D];
        long[] gt = new long[NQ * 10];
        int[] faissLevels = new int[NB];
        read("xb.bin").asFloatBuffer().get(xb);
        read("xq.bin").asFloatBuffer().get(xq);
        read("gt.bin").asLongBuffer().get(gt);
        read("levels.bin").asIntBuffer().get(faissLevels);

        IndexHNSWFlat index = new IndexHNSWFlat(D, 32);
        long t0 = System.nanoTime();
        index.add(NB, xb);
        double buildSeconds = (System.nanoTime() - t0) / 1e9;
        assertThat(index.hnsw().levels()).as("levels drawn as FAISS draws them").containsExactly(faissLevels);

        StringBuilder report = new StringBuilder("build " + String.format("%.2f", buildSeconds) + " s");
        for (int ef : EF_SEARCH) {
            long[] labels = new long[NQ * 10];
            index.search(NQ, xq, 10, new float[NQ * 10], labels, new SearchParametersHNSW(ef));
            double ours = Recall.recallAtK(labels, 10, gt, 10, NQ, 10);
            double theirs = faissRecall.get(ef);
            String line = String.format("efSearch=%d: 10-recall@10 Annvil %.4f, FAISS %.4f", ef, ours, theirs);
            report.append("; ").append(line);
            assertThat(ours).as(line).isGreaterThanOrEqualTo(theirs - 0.01);
        }
        System.out.println("HNSWFaissRecallTest: " + report);
    }
}
