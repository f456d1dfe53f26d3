package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paths of IndexFlatCodes the conformance suite's small data does not reach. */
class IndexFlatCodesTest {
    private static final long SEED = 11;
    private final int savedThreads = Parallelism.numThreads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setNumThreads(savedThreads);
    }

    private static float[] random(long seed, int n, int d) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Codes beyond 1 MiB: query-blocked batch search and the split single query equal one-by-one search. */
    @Test
    void blockedAndSplitSearchesEqualOneByOne() {
        int d = 64, n = 20_000, nq = 37, k = 7;
        float[] xb = random(SEED, n, d);
        float[] xq = random(SEED + 1, nq, d);
        for (MetricType metric : MetricType.values()) {
            IndexScalarQuantizer index = new IndexScalarQuantizer(d, QuantizerType.QT_8bit, metric);
            index.train(2000, xb);
            index.add(n, xb);
            assertThat((long) index.ntotal() * index.codeSize()).isGreaterThan(1L << 20);
            for (int threads : new int[] {1, 2, 3}) {
                Parallelism.setNumThreads(threads);
                float[] dis = new float[nq * k];
                long[] lab = new long[nq * k];
                index.search(nq, xq, k, dis, lab);
                for (int q = 0; q < nq; q++) {
                    float[] d1 = new float[k];
                    long[] l1 = new long[k];
                    index.search(1, Arrays.copyOfRange(xq, q * d, (q + 1) * d), k, d1, l1);
                    String what = "seed=" + SEED + " " + metric + " threads=" + threads + " query " + q;
                    assertThat(Arrays.copyOfRange(lab, q * k, (q + 1) * k))
                            .as(what)
                            .containsExactly(l1);
                    assertThat(Arrays.copyOfRange(dis, q * k, (q + 1) * k))
                            .as(what)
                            .containsExactly(d1);
                }
            }
        }
    }

    @Test
    void removeIdsAndReconstructN() {
        int d = 8, n = 50;
        float[] xb = random(SEED + 2, n, d);
        IndexScalarQuantizer index = new IndexScalarQuantizer(d, QuantizerType.QT_fp16);
        index.add(n, xb);
        float[] before = new float[n * d];
        index.reconstructN(0, n, before);
        assertThat(index.removeIds(IDSelector.range(10, 20))).isEqualTo(10);
        assertThat(index.ntotal()).isEqualTo(40);
        float[] after = new float[40 * d];
        index.reconstructN(0, 40, after);
        assertThat(Arrays.copyOfRange(after, 10 * d, 40 * d))
                .containsExactly(Arrays.copyOfRange(before, 20 * d, n * d));
        assertThat(index.ramBytesUsed()).isGreaterThanOrEqualTo(40L * index.codeSize());
        index.reset();
        assertThat(index.ntotal()).isZero();
    }
}
