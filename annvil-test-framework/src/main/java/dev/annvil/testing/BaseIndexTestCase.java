package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annvil.IDSelector;
import dev.annvil.Index;
import dev.annvil.MetricType;
import dev.annvil.RangeSearchResult;
import dev.annvil.SearchParameters;
import dev.annvil.io.IndexIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The conformance suite every {@link Index} passes: shapes and padding, ntotal after add/reset,
 * recall against brute force above {@link #recallFloor()}, removeIds, reconstruct, selectors,
 * range search, concurrent searches, argument errors and a round trip through {@link IndexIO}.
 *
 * <p>A subclass says how to build an empty index and what the index can do. Data is seeded
 * random; the seed is in every failure message.
 */
public abstract class BaseIndexTestCase {
    /** Seed of all test data. */
    protected static final long SEED = 0xA11E7L;

    /** Dimension of the test vectors; odd on purpose, so SIMD tails are exercised. */
    protected int d() {
        return 37;
    }

    /** A new empty, trained-if-needed index of dimension d. */
    protected abstract Index createIndex(int d);

    /** Metric of the indexes {@link #createIndex} builds. */
    protected MetricType metric() {
        return MetricType.L2;
    }

    /** True if labels are the caller's ids (added with addWithIds) rather than positions. */
    protected boolean usesIds() {
        return false;
    }

    /** The label vector i (0-based insertion order) gets; with ids: 1000 + 7 * i. */
    protected long labelOf(int i) {
        return usesIds() ? 1000 + 7L * i : i;
    }

    /** Whether reconstruct(label) works on this index. */
    protected boolean supportsReconstruct() {
        return true;
    }

    /** Whether IndexIO can write and read this index. */
    protected boolean supportsIO() {
        return true;
    }

    /** Minimum 10-recall@10 against brute force; 1.0 for exact indexes. */
    protected double recallFloor() {
        return 1.0;
    }

    /**
     * True if every stored vector can be returned for every query (exact or exhaustive search).
     * Approximate indexes (IVF with nprobe &lt; nlist, HNSW) return false: the tests that count
     * hits then check only what such an index guarantees (no wrong labels, correct padding, true
     * distances, no more hits than exist).
     */
    protected boolean exhaustiveSearch() {
        return recallFloor() >= 1.0;
    }

    /**
     * True if removeIds leaves the labels of the remaining vectors unchanged: indexes with ids, and
     * IVF indexes (whose lists store ids). False for indexes that renumber positions 0 .. ntotal-1.
     */
    protected boolean removeKeepsLabels() {
        return usesIds();
    }

    /**
     * Largest allowed |reconstructed - added| per component; 0 (the default) demands the exact
     * vector. Lossy encodings (PQ, SQ) state their error here.
     */
    protected double reconstructTolerance() {
        return 0;
    }

    /**
     * Allowed difference between a reported distance and the true distance {@code dis}; by default
     * 1e-3 relative (float rounding). Indexes that report distances to decoded vectors state their
     * quantization error here.
     */
    protected double distanceTolerance(double dis) {
        return 1e-3 * Math.max(1, Math.abs(dis));
    }

    /**
     * Allowed difference between a range search's hit count and the exact count (vectors near the
     * radius may fall either side); 2 by default.
     */
    protected double rangeCountSlack() {
        return 2.0;
    }

    /** Adds vectors [first, first+n) of the batch, with ids if {@link #usesIds()}. */
    protected void addRange(Index index, float[] x, int first, int n) {
        float[] part = Arrays.copyOfRange(x, first * d(), (first + n) * d());
        if (usesIds()) {
            long[] ids = new long[n];
            for (int i = 0; i < n; i++) {
                ids[i] = labelOf(first + i);
            }
            index.addWithIds(n, part, ids);
        } else {
            index.add(n, part);
        }
    }

    private Index filled(float[] xb, int n) {
        Index index = createIndex(d());
        addRange(index, xb, 0, n);
        return index;
    }

    private static String seed() {
        return "seed=" + SEED;
    }

    @Test
    void ntotalFollowsAddAndReset() {
        float[] xb = TestData.uniform(SEED, 300, d());
        Index index = createIndex(d());
        assertThat(index.ntotal()).as(seed()).isZero();
        addRange(index, xb, 0, 100);
        assertThat(index.ntotal()).isEqualTo(100);
        addRange(index, xb, 100, 200);
        assertThat(index.ntotal()).isEqualTo(300);
        index.reset();
        assertThat(index.ntotal()).isZero();
        addRange(index, xb, 0, 10);
        assertThat(index.ntotal()).isEqualTo(10);
    }

    @Test
    void paddingWhenFewerThanKResults() {
        float[] xb = TestData.uniform(SEED, 3, d());
        Index index = filled(xb, 3);
        int k = 5;
        float[] distances = new float[2 * k];
        long[] labels = new long[2 * k];
        index.search(2, Arrays.copyOf(xb, 2 * d()), k, distances, labels);
        float pad = metric() == MetricType.L2 ? Float.MAX_VALUE : -Float.MAX_VALUE;
        for (int q = 0; q < 2; q++) {
            for (int j = 3; j < k; j++) {
                assertThat(labels[q * k + j])
                        .as("%s query %d rank %d", seed(), q, j)
                        .isEqualTo(-1);
                assertThat(distances[q * k + j]).isEqualTo(pad);
            }
            if (exhaustiveSearch()) {
                assertThat(Arrays.copyOfRange(labels, q * k, q * k + 3))
                        .containsExactlyInAnyOrder(labelOf(0), labelOf(1), labelOf(2));
            } else {
                // an approximate index may miss some, but pads exactly where it found nothing
                for (int j = 0; j < 3; j++) {
                    long label = labels[q * k + j];
                    assertThat(label).isIn(labelOf(0), labelOf(1), labelOf(2), -1L);
                    assertThat(label == -1).isEqualTo(distances[q * k + j] == pad);
                }
            }
        }
        Index empty = createIndex(d());
        empty.search(1, Arrays.copyOf(xb, d()), k, distances, labels);
        assertThat(Arrays.copyOf(labels, k)).containsOnly(-1L);
    }

    @Test
    void resultsAreSortedAndMatchBruteForce() {
        int n = 500;
        int nq = 40; // above the batched-kernel threshold
        float[] xb = TestData.uniform(SEED, n, d());
        float[] xq = TestData.uniform(SEED + 1, nq, d());
        Index index = filled(xb, n);
        int k = 10;
        for (int batch : new int[] {1, 5, nq}) {
            long[] labels = new long[nq * k];
            float[] distances = new float[nq * k];
            for (int q0 = 0; q0 < nq; q0 += batch) {
                int m = Math.min(batch, nq - q0);
                float[] dis = new float[m * k];
                long[] lab = new long[m * k];
                index.search(m, Arrays.copyOfRange(xq, q0 * d(), (q0 + m) * d()), k, dis, lab);
                System.arraycopy(dis, 0, distances, q0 * k, m * k);
                System.arraycopy(lab, 0, labels, q0 * k, m * k);
            }
            long[] truth = new long[nq * k];
            for (int q = 0; q < nq; q++) {
                Integer[] order = BruteForce.ranking(metric(), xq, q * d(), xb, n, d());
                for (int j = 0; j < k; j++) {
                    truth[q * k + j] = labelOf(order[j]);
                }
                for (int j = 1; j < k; j++) {
                    float prev = distances[q * k + j - 1];
                    float cur = distances[q * k + j];
                    if (metric() == MetricType.L2) {
                        assertThat(cur)
                                .as("%s batch %d query %d rank %d", seed(), batch, q, j)
                                .isGreaterThanOrEqualTo(prev);
                    } else {
                        assertThat(cur)
                                .as("%s batch %d query %d rank %d", seed(), batch, q, j)
                                .isLessThanOrEqualTo(prev);
                    }
                }
            }
            double recall = Recall.recallAtK(labels, k, truth, k, nq, k);
            assertThat(recall).as("%s batch %d: 10-recall@10", seed(), batch).isGreaterThanOrEqualTo(recallFloor());
        }
    }

    @Test
    void reportedDistancesAreTheTrueDistances() {
        float[] xb = TestData.uniform(SEED, 200, d());
        float[] xq = TestData.uniform(SEED + 2, 30, d());
        Index index = filled(xb, 200);
        assumeTrue(recallFloor() >= 1.0, "approximate indexes report approximate distances");
        int k = 4;
        SearchResultCheck.check(index, xq, 30, k, xb, d(), metric(), this::positionOf);
    }

    /** Position (insertion order) of a label. */
    protected int positionOf(long label) {
        return usesIds() ? (int) ((label - 1000) / 7) : (int) label;
    }

    @Test
    void removeIdsRemovesExactlyTheSelected() {
        float[] xb = TestData.uniform(SEED, 100, d());
        Index index = filled(xb, 100);
        long[] gone = {labelOf(0), labelOf(17), labelOf(99)};
        long removed;
        try {
            removed = index.removeIds(IDSelector.batch(gone));
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "removeIds is not supported: " + e.getMessage());
            return;
        }
        assertThat(removed).isEqualTo(3);
        assertThat(index.ntotal()).isEqualTo(97);
        long[] labels = new long[1];
        float[] distances = new float[1];
        if (removeKeepsLabels()) {
            // the removed ids never come back; vector 18 keeps its id
            SearchResultCheck.assertNotReturned(index, TestData.row(xb, d(), 17), 10, gone);
            index.search(1, TestData.row(xb, d(), 18), 1, distances, labels);
            assertThat(labels[0]).as(seed()).isEqualTo(labelOf(18));
            assertThat(index.removeIds(IDSelector.batch(gone))).isZero();
        } else {
            // positions are renumbered keeping order: old vector 18 is now position 16
            index.search(1, TestData.row(xb, d(), 18), 1, distances, labels);
            assertThat(labels[0]).as(seed()).isEqualTo(16);
            assertThat(index.ntotal()).isEqualTo(97);
        }
    }

    @Test
    void reconstructReturnsTheStoredVector() {
        assumeTrue(supportsReconstruct(), "reconstruct is not supported by this index type");
        float[] xb = TestData.uniform(SEED, 50, d());
        Index index = filled(xb, 50);
        float[] v = new float[d()];
        for (int i : new int[] {0, 7, 49}) {
            index.reconstruct(labelOf(i), v);
            if (reconstructTolerance() == 0) {
                assertThat(v).as("%s vector %d", seed(), i).containsExactly(TestData.row(xb, d(), i));
            } else {
                float[] want = TestData.row(xb, d(), i);
                for (int j = 0; j < d(); j++) {
                    assertThat((double) v[j])
                            .as("%s vector %d component %d", seed(), i, j)
                            .isCloseTo(want[j], within(reconstructTolerance()));
                }
            }
        }
        assertThatThrownBy(() -> index.reconstruct(usesIds() ? 5 : 50, v)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selectorRestrictsResults() {
        float[] xb = TestData.uniform(SEED, 120, d());
        Index index = filled(xb, 120);
        long lo = labelOf(10);
        long hi = labelOf(20);
        int k = 15;
        float[] distances = new float[3 * k];
        long[] labels = new long[3 * k];
        index.search(
                3, Arrays.copyOf(xb, 3 * d()), k, distances, labels, new SearchParameters(IDSelector.range(lo, hi)));
        for (int q = 0; q < 3; q++) {
            for (int j = 0; j < 10; j++) {
                if (!exhaustiveSearch() && labels[q * k + j] == -1) {
                    continue; // an approximate index may find fewer than the 10 selected
                }
                assertThat(labels[q * k + j])
                        .as("%s query %d rank %d", seed(), q, j)
                        .isBetween(lo, hi - 1);
            }
            for (int j = 10; j < k; j++) {
                assertThat(labels[q * k + j]).isEqualTo(-1);
            }
        }
    }

    @Test
    void rangeSearchAgreesWithDistances() {
        float[] xb = TestData.uniform(SEED, 200, d());
        Index index = filled(xb, 200);
        float[] q = TestData.row(xb, d(), 3);
        RangeSearchResult r;
        float radius = metric() == MetricType.L2 ? d() / 8f : d() / 4f;
        try {
            r = index.rangeSearch(1, q, radius, null);
        } catch (UnsupportedOperationException e) {
            assumeTrue(false, "rangeSearch is not supported: " + e.getMessage());
            return;
        }
        assertThat(r.nq()).isEqualTo(1);
        long expected = 0;
        for (int i = 0; i < 200; i++) {
            double dis = BruteForce.distance(metric(), q, 0, xb, i * d(), d());
            boolean in = metric() == MetricType.L2 ? dis < radius : dis > radius;
            if (in && Math.abs(dis - radius) > 1e-3) {
                expected++;
            }
        }
        if (exhaustiveSearch()) {
            assertThat((double) r.count(0)).as(seed()).isCloseTo(expected, within(rangeCountSlack()));
        } else {
            assertThat((double) r.count(0)).as(seed()).isLessThanOrEqualTo(expected + rangeCountSlack());
        }
        for (int i = 0; i < r.count(0); i++) {
            int pos = positionOf(r.labels()[i]);
            double dis = BruteForce.distance(metric(), q, 0, xb, pos * d(), d());
            assertThat((double) r.distances()[i]).as(seed()).isCloseTo(dis, within(distanceTolerance(dis)));
        }
    }

    @Test
    void concurrentSearchesAgreeWithOneThread() throws Exception {
        float[] xb = TestData.uniform(SEED, 2000, d());
        float[] xq = TestData.uniform(SEED + 3, 64, d());
        Index index = filled(xb, 2000);
        int k = 10;
        long[] expected = new long[64 * k];
        index.search(64, xq, k, new float[64 * k], expected);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int batch = t % 2 == 0 ? 64 : 1;
                futures.add(pool.submit(() -> {
                    long[] labels = new long[64 * k];
                    for (int rep = 0; rep < 5; rep++) {
                        for (int q0 = 0; q0 < 64; q0 += batch) {
                            long[] lab = new long[batch * k];
                            index.search(
                                    batch,
                                    Arrays.copyOfRange(xq, q0 * d(), (q0 + batch) * d()),
                                    k,
                                    new float[batch * k],
                                    lab);
                            System.arraycopy(lab, 0, labels, q0 * k, batch * k);
                        }
                    }
                    return labels;
                }));
            }
            for (Future<long[]> f : futures) {
                // batched and one-at-a-time paths may order exact ties differently: compare as recall
                assertThat(Recall.recallAtK(f.get(), k, expected, k, 64, k))
                        .as(seed())
                        .isGreaterThanOrEqualTo(0.999);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badArgumentsAreRejected() {
        Index index = createIndex(d());
        float[] x = TestData.uniform(SEED, 2, d());
        assertThatThrownBy(() -> index.search(1, x, 0, new float[1], new long[1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k=0");
        assertThatThrownBy(() -> index.search(3, x, 1, new float[3], new long[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.length");
        assertThatThrownBy(() -> index.search(2, x, 2, new float[3], new long[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("distances");
        float[] shortRow = Arrays.copyOf(x, d() - 1);
        assertThatThrownBy(() -> {
                    if (usesIds()) {
                        index.addWithIds(1, shortRow, new long[] {1});
                    } else {
                        index.add(1, shortRow);
                    }
                })
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.length");
        assertThat(index.ntotal()).isZero();
    }

    @Test
    void roundTripThroughFaissFormat() throws Exception {
        assumeTrue(supportsIO(), "IndexIO does not support this index type yet");
        float[] xb = TestData.uniform(SEED, 64, d());
        Index index = filled(xb, 64);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndexIO.writeIndex(index, out);
        byte[] bytes = out.toByteArray();
        Index copy = IndexIO.readIndex(new ByteArrayInputStream(bytes), bytes.length, "memory");
        assertThat(copy.getClass()).isEqualTo(index.getClass());
        assertThat(copy.ntotal()).isEqualTo(64);
        assertThat(copy.metricType()).isEqualTo(index.metricType());
        long[] a = new long[5 * 3];
        long[] b = new long[5 * 3];
        index.search(5, Arrays.copyOf(xb, 5 * d()), 3, new float[15], a);
        copy.search(5, Arrays.copyOf(xb, 5 * d()), 3, new float[15], b);
        assertThat(b).containsExactly(a);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        IndexIO.writeIndex(copy, again);
        assertThat(again.toByteArray())
                .as("write(read(write(x))) is byte-identical")
                .isEqualTo(bytes);
    }
}
