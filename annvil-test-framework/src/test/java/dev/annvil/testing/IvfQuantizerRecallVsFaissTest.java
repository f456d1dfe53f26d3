package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVF;
import dev.annvil.IndexIVFPQ;
import dev.annvil.IndexIVFScalarQuantizer;
import dev.annvil.MetricType;
import dev.annvil.SearchParametersIVF;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall of IndexIVFPQ and IndexIVFScalarQuantizer against FAISS (Debian's python3-faiss 1.7.3,
 * run at test time on the same data) on a seeded subset of Fashion-MNIST: 20,000 base vectors from
 * the training images, 500 queries from the test images, d = 784, raw pixel values, k = 10,
 * nlist = 256. Both libraries do the same steps: IVF256,SQ8 trains the coarse quantizer and the
 * SQ on all 20,000 vectors; IVF256,PQ16 and IVF256,PQ28 (nbits 8, by residual, precomputed
 * tables) reuse that coarse quantizer and train their PQ on the residuals of the first 5,000 (kept
 * small so that the test stays near 30 s on two cores; FAISS warns below 9,984 points for 256
 * centroids). 10-recall@10 against FAISS's exact IndexFlatL2 must agree within 0.01 at nprobe 1,
 * 16, 64 (PQ) and 1, 16 (SQ8), either way: both draw their k-means samples and initial centroids
 * with FAISS's generator and seeds, so the centroids differ only by float rounding. Both numbers and the
 * search times of the 500-query batch are in the messages (and printed). Skipped when
 * python3-faiss or the data set is missing.
 */
class IvfQuantizerRecallVsFaissTest {
    private static final long SEED = 20_240_611L;
    private static final int D = FashionMnistFiles.D, NB = 20_000, NT_PQ = 5_000, NQ = 500, K = 10, NLIST = 256;
    private static final int[] PQ_NPROBES = {1, 16, 64};
    private static final int[] SQ_NPROBES = {1, 16};

    @TempDir
    Path dir;

    @Test
    void recallMatchesFaiss() throws Exception {
        FaissPython.assumeAvailable();
        FashionMnistFiles.Subset data = FashionMnistFiles.subset(NB, NQ, SEED);
        data.writeTo(dir);
        float[] xb = data.xb();
        float[] xq = data.xq();
        String out = FaissPython.run(dir, """
                import os
                # libgomp spin-waits by default: on two shared cores that made FAISS's PQ training
                # four times slower; read at load time, so set before the import
                os.environ['OMP_WAIT_POLICY'] = 'PASSIVE'
                import faiss, numpy as np, time
                d, nlist, ntpq, k = %d, %d, %d, %d
                xb = np.fromfile('xb.bin', dtype='float32').reshape(-1, d)
                xq = np.fromfile('xq.bin', dtype='float32').reshape(-1, d)
                gt = faiss.IndexFlatL2(d); gt.add(xb)
                gt.search(xq, k)[1].tofile('gt.bin')
                q = faiss.IndexFlatL2(d)
                def run(name, idx, xt, nprobes):
                    t0 = time.time(); idx.train(xt); idx.add(xb); print(name, 'build', '%%.0f' %% (1000 * (time.time() - t0)))
                    for nprobe in nprobes:
                        idx.nprobe = nprobe
                        idx.search(xq[:50], k)
                        t0 = time.time(); D, I = idx.search(xq, k); t = time.time() - t0
                        I.tofile('%%s_%%d.I' %% (name, nprobe))
                        print(name, nprobe, '%%.1f' %% (1000 * t))
                sq8 = faiss.IndexIVFScalarQuantizer(q, d, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_L2)
                run('IVFSQ8', sq8, xb, %s)
                pq16 = faiss.IndexIVFPQ(q, d, nlist, 16, 8)
                run('IVFPQ16', pq16, xb[:ntpq], %s)
                print('IVFPQ16 use_precomputed_table', pq16.use_precomputed_table)
                pq28 = faiss.IndexIVFPQ(q, d, nlist, 28, 8)
                run('IVFPQ28', pq28, xb[:ntpq], %s)
                """.formatted(
                        D,
                        NLIST,
                        NT_PQ,
                        K,
                        Arrays.toString(SQ_NPROBES),
                        Arrays.toString(PQ_NPROBES),
                        Arrays.toString(PQ_NPROBES)));
        Map<String, String> faissMs = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 3) {
                faissMs.put(f[0] + " " + f[1], f[2]);
            }
        }
        long[] gt = FaissPython.readLongs(dir.resolve("gt.bin"));
        List<String> lines = new ArrayList<>();
        List<double[]> pairs = new ArrayList<>();

        IndexFlatL2 q = new IndexFlatL2(D);
        IndexIVFScalarQuantizer sq8 = new IndexIVFScalarQuantizer(q, D, NLIST, QuantizerType.QT_8bit, MetricType.L2);
        run("IVFSQ8", sq8, xb, NB, SQ_NPROBES, xq, gt, faissMs, lines, pairs);
        IndexIVFPQ pq16 = new IndexIVFPQ(q, D, NLIST, 16, 8);
        run("IVFPQ16", pq16, xb, NT_PQ, PQ_NPROBES, xq, gt, faissMs, lines, pairs);
        assertThat(pq16.usePrecomputedTable()).isEqualTo(1);
        IndexIVFPQ pq28 = new IndexIVFPQ(q, D, NLIST, 28, 8);
        run("IVFPQ28", pq28, xb, NT_PQ, PQ_NPROBES, xq, gt, faissMs, lines, pairs);

        String report = String.join("\n", lines);
        System.out.println(report);
        for (int i = 0; i < pairs.size(); i++) {
            assertThat(Math.abs(pairs.get(i)[0] - pairs.get(i)[1]))
                    .as("%s%nall:%n%s", lines.get(i), report)
                    .isLessThanOrEqualTo(0.01);
        }
    }

    private void run(
            String name,
            IndexIVF index,
            float[] xb,
            int nt,
            int[] nprobes,
            float[] xq,
            long[] gt,
            Map<String, String> faissMs,
            List<String> lines,
            List<double[]> pairs)
            throws IOException {
        long t0 = System.nanoTime();
        index.train(nt, nt == NB ? xb : Arrays.copyOf(xb, nt * D));
        index.add(NB, xb);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        // one untimed pass of the whole batch so that the timings below are of JIT-compiled code
        index.search(NQ, xq, K, new float[NQ * K], new long[NQ * K], new SearchParametersIVF(nprobes[1]));
        for (int nprobe : nprobes) {
            SearchParametersIVF params = new SearchParametersIVF(nprobe);
            long[] labels = new long[NQ * K];
            long t1 = System.nanoTime();
            index.search(NQ, xq, K, new float[NQ * K], labels, params);
            double searchMs = (System.nanoTime() - t1) / 1e6;
            double annvil = Recall.recallAtK(labels, K, gt, K, NQ, K);
            double faiss =
                    Recall.recallAtK(FaissPython.readLongs(dir.resolve(name + "_" + nprobe + ".I")), K, gt, K, NQ, K);
            lines.add(String.format(
                    Locale.ROOT,
                    "%s nprobe %2d: 10-recall@10 Annvil %.4f FAISS %.4f; search of %d queries: Annvil %.1f ms,"
                            + " FAISS %s ms; train+add Annvil %.0f ms, FAISS %s ms (seed=%d)",
                    name,
                    nprobe,
                    annvil,
                    faiss,
                    NQ,
                    searchMs,
                    faissMs.getOrDefault(name + " " + nprobe, "?"),
                    buildMs,
                    faissMs.getOrDefault(name + " build", "?"),
                    SEED));
            pairs.add(new double[] {annvil, faiss});
        }
    }
}
