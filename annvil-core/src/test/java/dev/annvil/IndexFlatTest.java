package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Paths of IndexFlat that the conformance suite does not reach with its small data. */
class IndexFlatTest {
    private static final long SEED = 7;
    private final int savedThreads = Parallelism.numThreads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setNumThreads(savedThreads);
    }

    /** n * d seeded standard normal floats. */
    static float[] random(long seed, int n, int d) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Blocked batches (several query and database blocks, ragged tails) agree with one-at-a-time search. */
    @Test
    void blockedBatchAgreesWithSingleQueries() {
        for (MetricType metric : MetricType.values()) {
            int d = 101;
            int n = 3001;
            int nq = 300;
            int k = 12;
            IndexFlat index = new IndexFlat(d, metric);
            index.add(n, random(SEED, n, d));
            float[] xq = random(SEED + 1, nq, d);
            float[] bd = new float[nq * k];
            long[] bl = new long[nq * k];
            index.search(nq, xq, k, bd, bl);
            for (int q = 0; q < nq; q++) {
                float[] sd = new float[k];
                long[] sl = new long[k];
                index.search(1, Arrays.copyOfRange(xq, q * d, (q + 1) * d), k, sd, sl);
                for (int j = 0; j < k; j++) {
                    float tolerance = 1e-3f * Math.max(1, Math.abs(sd[j]));
                    assertThat(bd[q * k + j])
                            .as("%s seed=%d query %d rank %d", metric, SEED, q, j)
                            .isCloseTo(sd[j], within(tolerance));
                    if (bl[q * k + j] != sl[j]) {
                        // only a tie may swap labels: the batched label's own distance equals rank j's
                        float[] v = new float[d];
                        index.reconstruct(bl[q * k + j], v);
                        float own = metric == MetricType.L2 ? squareDistance(xq, q * d, v) : dot(xq, q * d, v);
                        assertThat(own)
                                .as("%s query %d rank %d tie", metric, q, j)
                                .isCloseTo(sd[j], within(tolerance));
                    }
                }
            }
        }
    }

    /** A single query over a large database is split across threads; the merged answer is the sequential one. */
    @Test
    void splitSingleQueryAgreesWithOneThread() {
        int d = 64;
        int n = 80_000; // above the split threshold
        IndexFlatL2 index = new IndexFlatL2(d);
        index.add(n, random(SEED, n, d));
        float[] q = random(SEED + 2, 1, d);
        int k = 20;
        Parallelism.setNumThreads(1);
        float[] d1 = new float[k];
        long[] l1 = new long[k];
        index.search(1, q, k, d1, l1);
        Parallelism.setNumThreads(3);
        float[] d3 = new float[k];
        long[] l3 = new long[k];
        index.search(1, q, k, d3, l3);
        assertThat(l3).containsExactly(l1);
        assertThat(d3).containsExactly(d1);
    }

    private static float squareDistance(float[] x, int off, float[] v) {
        float s = 0;
        for (int j = 0; j < v.length; j++) {
            float t = x[off + j] - v[j];
            s += t * t;
        }
        return s;
    }

    private static float dot(float[] x, int off, float[] v) {
        float s = 0;
        for (int j = 0; j < v.length; j++) {
            s += x[off + j] * v[j];
        }
        return s;
    }

    @Test
    void reconstructNAndRemoveKeepOrder() {
        int d = 5;
        IndexFlatIP index = new IndexFlatIP(d);
        float[] x = random(SEED, 10, d);
        index.add(10, x);
        assertThat(index.removeIds(IDSelector.range(2, 4))).isEqualTo(2);
        float[] out = new float[3 * d];
        index.reconstructN(2, 3, out);
        assertThat(out).containsExactly(Arrays.copyOfRange(x, 4 * d, 7 * d));
        assertThatThrownBy(() -> index.reconstructN(6, 3, new float[3 * d]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("i0=6");
    }

    @Test
    void dimensionMustBePositive() {
        assertThatThrownBy(() -> new IndexFlatL2(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("d=0 must be >= 1");
    }

    @Test
    void parallelismPropagatesTaskFailures() {
        Parallelism.setNumThreads(2);
        assertThatThrownBy(() -> Parallelism.forEach(4, t -> {
                    if (t == 3) {
                        throw new IllegalStateException("task 3 failed");
                    }
                }))
                .hasMessageContaining("task 3 failed");
    }
}
