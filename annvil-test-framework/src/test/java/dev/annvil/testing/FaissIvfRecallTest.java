package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.ClusteringParameters;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVFFlat;
import dev.annvil.Kmeans;
import dev.annvil.SearchParametersIVF;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Annvil against real FAISS (Debian's python3-faiss, run as a subprocess on the same data) on a
 * seeded subset of Fashion-MNIST: 20,000 base vectors, 500 queries, d = 784 (uint8 pixels as
 * float32). IndexIVFFlat with nlist = 256: Annvil's 10-recall@10 against exact ground truth must be
 * within 0.01 of FAISS's at nprobe 1, 4, 16 and 64; k-means objectives must agree within 1%.
 * Clustering draws its subsample and initial centroids with FAISS's generator and seeds, so both
 * start from the same centroids (checked exactly: the first iteration's objective, a function of
 * the initial centroids only, matches FAISS's to float rounding, with and without subsampling);
 * the results then differ only by float rounding and the tie-breaking of assignments. Timings of
 * both are printed side by side.
 * Skipped, with the install command, when python3-faiss or the dataset is absent.
 */
class FaissIvfRecallTest {
    private static final long SEED = 20240611L;
    private static final int D = FashionMnistFiles.D;
    private static final int NB = 20_000;
    private static final int NQ = 500;
    private static final int K = 10;
    private static final int NLIST = 256;
    private static final int[] NPROBES = {1, 4, 16, 64};
    private static final int KMEANS_N = 10_000;
    private static final int KMEANS_K = 50;
    private static final int KMEANS_NITER = 20;
    private static final long OTHER_SEED = 77;
    /** Per-centroid cap that makes k-means subsample KMEANS_K * 40 of the KMEANS_N points. */
    private static final int SAMPLED_MAX_POINTS = 40;

    @TempDir
    static Path dir;

    private static float[] xb;
    private static float[] xq;
    private static long[] gt;
    private static Map<String, Double> faiss;

    @BeforeAll
    static void runFaiss() throws Exception {
        FaissPython.assumeAvailable();
        FashionMnistFiles.Subset data = FashionMnistFiles.subset(NB, NQ, SEED);
        xb = data.xb();
        xq = data.xq();
        data.writeTo(dir);
        String out = FaissPython.run(dir, """
                import faiss, numpy as np, time
                d, k, nlist = %d, %d, %d
                xb = np.fromfile('xb.bin', dtype='float32').reshape(-1, d)
                xq = np.fromfile('xq.bin', dtype='float32').reshape(-1, d)
                flat = faiss.IndexFlatL2(d); flat.add(xb)
                _, gt = flat.search(xq, k)
                gt.astype('int64').tofile('gt.bin')
                ivf = faiss.IndexIVFFlat(faiss.IndexFlatL2(d), d, nlist)
                t = time.time(); ivf.train(xb); print('train_ms', (time.time() - t) * 1000)
                t = time.time(); ivf.add(xb); print('add_ms', (time.time() - t) * 1000)
                for nprobe in %s:
                    ivf.nprobe = nprobe
                    t = time.time(); _, I = ivf.search(xq, k); ms = (time.time() - t) * 1000
                    r = np.mean([len(set(I[i]) & set(gt[i])) for i in range(len(xq))]) / k
                    print('recall_%%d' %% nprobe, r); print('search_ms_%%d' %% nprobe, ms)
                km = faiss.Kmeans(d, %d, niter=%d, seed=1234)
                t = time.time(); km.train(xb[:%d]); print('kmeans_ms', (time.time() - t) * 1000)
                print('kmeans_obj', km.obj[-1])
                km = faiss.Kmeans(d, %d, niter=1, seed=%d)
                km.train(xb[:%d]); print('kmeans_obj0', km.obj[0])
                km = faiss.Kmeans(d, %d, niter=1, seed=%d, max_points_per_centroid=%d)
                km.train(xb[:%d]); print('kmeans_obj0_sampled', km.obj[0])
                """.formatted(
                        D,
                        K,
                        NLIST,
                        Arrays.toString(NPROBES),
                        KMEANS_K,
                        KMEANS_NITER,
                        KMEANS_N,
                        KMEANS_K,
                        OTHER_SEED,
                        KMEANS_N,
                        KMEANS_K,
                        OTHER_SEED,
                        SAMPLED_MAX_POINTS,
                        KMEANS_N));
        faiss = new HashMap<>();
        for (String line : out.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                faiss.put(kv[0], Double.parseDouble(kv[1]));
            }
        }
        gt = FaissPython.readLongs(dir.resolve("gt.bin"));
    }

    @Test
    void ivfFlatRecallMatchesFaiss() {
        IndexIVFFlat index = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
        long t0 = System.nanoTime();
        index.train(NB, xb);
        long t1 = System.nanoTime();
        index.add(NB, xb);
        long t2 = System.nanoTime();
        StringBuilder report = new StringBuilder(String.format(
                Locale.ROOT,
                "IVF%d,Flat on Fashion-MNIST %d x %d, %d queries (seed %d)%n"
                        + "train ms: annvil %.0f faiss %.0f; add ms: annvil %.0f faiss %.0f%n",
                NLIST,
                NB,
                D,
                NQ,
                SEED,
                (t1 - t0) / 1e6,
                faiss.get("train_ms"),
                (t2 - t1) / 1e6,
                faiss.get("add_ms")));
        // one untimed pass so that the timings below are of JIT-compiled code
        index.search(NQ, xq, K, new float[NQ * K], new long[NQ * K], new SearchParametersIVF(4));
        double[] ours = new double[NPROBES.length];
        for (int i = 0; i < NPROBES.length; i++) {
            int nprobe = NPROBES[i];
            long[] labels = new long[NQ * K];
            long s = System.nanoTime();
            index.search(NQ, xq, K, new float[NQ * K], labels, new SearchParametersIVF(nprobe));
            double ms = (System.nanoTime() - s) / 1e6;
            ours[i] = Recall.recallAtK(labels, K, gt, K, NQ, K);
            report.append(String.format(
                    Locale.ROOT,
                    "nprobe %2d: recall annvil %.4f faiss %.4f; search ms annvil %.0f faiss %.0f%n",
                    nprobe,
                    ours[i],
                    faiss.get("recall_" + nprobe),
                    ms,
                    faiss.get("search_ms_" + nprobe)));
        }
        System.out.print(report);
        for (int i = 0; i < NPROBES.length; i++) {
            assertThat(ours[i])
                    .as("nprobe %d: 10-recall@10 within 0.01 of FAISS's%n%s", NPROBES[i], report)
                    .isCloseTo(faiss.get("recall_" + NPROBES[i]), org.assertj.core.api.Assertions.within(0.01));
        }
    }

    @Test
    void kmeansObjectiveMatchesFaiss() {
        float[] x = Arrays.copyOf(xb, KMEANS_N * D);
        Kmeans kmeans = new Kmeans(D, KMEANS_K, ClusteringParameters.DEFAULT.withNiter(KMEANS_NITER));
        long t0 = System.nanoTime();
        double obj = kmeans.train(KMEANS_N, x);
        double ms = (System.nanoTime() - t0) / 1e6;
        double theirs = faiss.get("kmeans_obj");
        String report = String.format(
                Locale.ROOT,
                "k-means n=%d k=%d niter=%d: objective annvil %.6g faiss %.6g (ratio %.4f); ms annvil %.0f faiss %.0f",
                KMEANS_N,
                KMEANS_K,
                KMEANS_NITER,
                obj,
                theirs,
                obj / theirs,
                ms,
                faiss.get("kmeans_ms"));
        System.out.println(report);
        assertThat(obj / theirs).as(report).isBetween(0.99, 1.01);
    }

    /**
     * The objective of the first iteration sums the distances of the points to the initial
     * centroids, so it depends on nothing but the points drawn: equal to float rounding only if the
     * subsample and the initial centroids are FAISS's own (any other draw is several percent off).
     */
    @Test
    void kmeansStartsFromFaissCentroids() {
        float[] x = Arrays.copyOf(xb, KMEANS_N * D);
        ClusteringParameters one = ClusteringParameters.DEFAULT.withNiter(1).withSeed(OTHER_SEED);
        Kmeans plain = new Kmeans(D, KMEANS_K, one);
        plain.train(KMEANS_N, x);
        Kmeans sampled = new Kmeans(D, KMEANS_K, one.withMaxPointsPerCentroid(SAMPLED_MAX_POINTS));
        sampled.train(KMEANS_N, x);
        double obj0 = plain.clustering().objectives().getFirst();
        double sampledObj0 = sampled.clustering().objectives().getFirst();
        String report = String.format(
                Locale.ROOT,
                "first-iteration objective annvil %.9g faiss %.9g; subsampled to %d points: annvil %.9g faiss %.9g",
                obj0,
                faiss.get("kmeans_obj0"),
                KMEANS_K * SAMPLED_MAX_POINTS,
                sampledObj0,
                faiss.get("kmeans_obj0_sampled"));
        System.out.println(report);
        assertThat(obj0 / faiss.get("kmeans_obj0")).as(report).isBetween(1 - 1e-5, 1 + 1e-5);
        assertThat(sampledObj0 / faiss.get("kmeans_obj0_sampled")).as(report).isBetween(1 - 1e-5, 1 + 1e-5);
    }
}
