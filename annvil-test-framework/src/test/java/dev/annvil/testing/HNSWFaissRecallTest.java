package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.IndexHNSWFlat;
import dev.annvil.SearchParametersHNSW;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
    private static final int D = FashionMnistFiles.D;
    private static final int NB = 20_000;
    private static final int NQ = 500;
    private static final int SEED = 1234;
    private static final int[] EF_SEARCH = {16, 64, 256};

    @TempDir
    Path dir;

    @Test
    void recallMatchesFaissOnFashionMnist() throws Exception {
        FaissPython.assumeAvailable();
        FashionMnistFiles.Subset data = FashionMnistFiles.subset(NB, NQ, SEED);
        data.writeTo(dir);
        String out = FaissPython.run(dir, """
                import numpy as np, faiss
                faiss.omp_set_num_threads(1)  # OpenMP spin-waits badly on a shared 2-core machine
                xb = np.fromfile('xb.bin', dtype='float32').reshape(-1, 784)
                xq = np.fromfile('xq.bin', dtype='float32').reshape(-1, 784)
                flat = faiss.IndexFlatL2(784); flat.add(xb)
                _, gt = flat.search(xq, 10)
                gt.astype('int64').tofile('gt.bin')
                idx = faiss.IndexHNSWFlat(784, 32)
                idx.add(xb)
                faiss.vector_to_array(idx.hnsw.levels).astype('int64').tofile('levels.bin')
                for ef in %s:
                    idx.hnsw.efSearch = ef
                    _, I = idx.search(xq, 10)
                    r = np.mean([len(set(I[i]) & set(gt[i])) / 10.0 for i in range(len(xq))])
                    print('recall', ef, r)
                """.formatted(Arrays.toString(EF_SEARCH)));
        Map<Integer, Double> faissRecall = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[0].equals("recall")) {
                faissRecall.put(Integer.parseInt(f[1]), Double.parseDouble(f[2]));
            }
        }
        assertThat(faissRecall).as("python output: %s", out).hasSize(EF_SEARCH.length);
        float[] xb = data.xb();
        float[] xq = data.xq();
        long[] gt = FaissPython.readLongs(dir.resolve("gt.bin"));
        int[] faissLevels = Arrays.stream(FaissPython.readLongs(dir.resolve("levels.bin")))
                .mapToInt(Math::toIntExact)
                .toArray();

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
            assertThat(ours).as("%s (seed=%d)", line, SEED).isGreaterThanOrEqualTo(theirs - 0.01);
        }
        System.out.println("HNSWFaissRecallTest: " + report);
    }
}
