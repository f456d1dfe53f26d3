package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annvil.impl.HNSW;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Graph invariants, concurrency, parameters, selectors and deletion of IndexHNSWFlat. */
class IndexHNSWFlatTest {
    private static final long SEED = 20260;
    private static final int D = 24;
    private final int savedThreads = Parallelism.numThreads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setNumThreads(savedThreads);
    }

    /** n points around 50 Gaussian centres: realistic, not trivially easy for a graph. */
    static float[] clustered(long seed, int n, int d) {
        Random r = new Random(seed);
        float[] centres = new float[50 * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) r.nextGaussian() * 3;
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(50);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centres[c * d + j] + (float) r.nextGaussian();
            }
        }
        return x;
    }

    /** nq queries from the same distribution as {@code clustered(seed, nb, d)}: the rows after the database. */
    static float[] queries(long seed, int nb, int nq, int d) {
        return java.util.Arrays.copyOfRange(clustered(seed, nb + nq, d), nb * d, (nb + nq) * d);
    }

    /** 10-recall@10 of an index against an exact IndexFlat, both searched with the same selector. */
    static double recall(Index index, float[] xb, int nb, float[] xq, int nq, SearchParameters params) {
        IndexFlat flat = new IndexFlat(index.d(), index.metricType());
        flat.add(nb, xb);
        int k = 10;
        long[] truth = new long[nq * k];
        long[] found = new long[nq * k];
        flat.search(nq, xq, k, new float[nq * k], truth, params == null ? null : new SearchParameters(params.sel()));
        index.search(nq, xq, k, new float[nq * k], found, params);
        long hits = 0;
        for (int q = 0; q < nq; q++) {
            Set<Long> expected = new HashSet<>();
            for (int j = 0; j < k; j++) {
                expected.add(truth[q * k + j]);
            }
            for (int j = 0; j < k; j++) {
                if (found[q * k + j] >= 0 && expected.contains(found[q * k + j])) {
                    hits++;
                }
            }
        }
        return (double) hits / (nq * k);
    }

    /** Degree bounds per level, no self loops or duplicates, links only to nodes on that level, entry point on top. */
    static void assertGraphInvariants(HNSW hnsw) {
        int n = hnsw.ntotal();
        int highest = -1;
        for (int i = 0; i < n; i++) {
            highest = Math.max(highest, hnsw.levelOf(i));
            for (int level = 0; level <= hnsw.levelOf(i); level++) {
                int[] nb = hnsw.neighborsOf(i, level);
                assertThat(nb.length).as("node %d level %d", i, level).isLessThanOrEqualTo(hnsw.nbNeighbors(level));
                Set<Integer> seen = new HashSet<>();
                for (int v : nb) {
                    assertThat(v).as("self loop at node %d level %d", i, level).isNotEqualTo(i);
                    assertThat(seen.add(v)).as("duplicate %d at node %d", v, i).isTrue();
                    assertThat(v).isBetween(0, n - 1);
                    assertThat(hnsw.levelOf(v)).isGreaterThanOrEqualTo(level);
                }
                if (n > 1 && level == 0) {
                    assertThat(nb).as("node %d has no level-0 links", i).isNotEmpty();
                }
            }
        }
        assertThat(hnsw.maxLevel()).isEqualTo(highest);
        if (n > 0) {
            assertThat(hnsw.levelOf(hnsw.entryPoint())).isEqualTo(highest);
        }
    }

    @Test
    void graphInvariantsHoldAfterConcurrentAdds() {
        Parallelism.setNumThreads(4);
        IndexHNSWFlat index = new IndexHNSWFlat(D, 4); // small M: lists fill up and get pruned
        float[] x = clustered(SEED, 3000, D);
        index.add(1000, x);
        index.add(2000, java.util.Arrays.copyOfRange(x, 1000 * D, 3000 * D));
        assertThat(index.ntotal()).isEqualTo(3000);
        assertGraphInvariants(index.hnsw());
    }

    @Test
    void concurrentConstructionRecallEqualsSingleThreaded() {
        int nb = 6000;
        int nq = 300;
        float[] xb = clustered(SEED, nb + nq, D);
        float[] xq = java.util.Arrays.copyOfRange(xb, nb * D, (nb + nq) * D);
        double[] recall = new double[2];
        int[] threads = {1, 4};
        for (int t = 0; t < 2; t++) {
            Parallelism.setNumThreads(threads[t]);
            IndexHNSWFlat index = new IndexHNSWFlat(D, 8);
            index.add(nb, xb);
            recall[t] = recall(index, xb, nb, xq, nq, new SearchParametersHNSW(32));
        }
        assertThat(recall[1])
                .as("seed=%d recall with 1 thread %.4f, with 4 threads %.4f", SEED, recall[0], recall[1])
                .isCloseTo(recall[0], org.assertj.core.api.Assertions.within(0.01));
        assertThat(recall[0]).isGreaterThan(0.9);
    }

    @Test
    void searchParametersOverrideWithoutMutating() {
        IndexHNSWFlat index = new IndexHNSWFlat(D, 8);
        float[] xb = clustered(SEED, 4000, D);
        index.add(4000, xb);
        float[] xq = queries(SEED, 4000, 200, D);
        double low = recall(index, xb, 4000, xq, 200, new SearchParametersHNSW(null, 1, false));
        double high = recall(index, xb, 4000, xq, 200, new SearchParametersHNSW(256));
        assertThat(index.efSearch()).isEqualTo(16);
        assertThat(index.efConstruction()).isEqualTo(40);
        assertThat(high)
                .as("efSearch=256 %.4f vs efSearch=1 without relative-distance check %.4f", high, low)
                .isGreaterThan(low)
                .isGreaterThan(0.99);
        long[] a = new long[200 * 10];
        long[] b = new long[200 * 10];
        index.search(200, xq, 10, new float[2000], a);
        index.search(200, xq, 10, new float[2000], b, new SearchParametersHNSW(16));
        assertThat(b).containsExactly(a);
    }

    /**
     * k above efSearch: the beam is k, and FAISS's relative-distance rule stops the search once
     * efSearch beam entries are nearer than the next candidate, so rows may end in padding (FAISS
     * 1.7.3 pads 0-41 of 100 on the same kind of data); with efSearch = k every row is full.
     */
    @Test
    void kLargerThanEfSearch() {
        IndexHNSWFlat index = new IndexHNSWFlat(D, 8);
        float[] xb = clustered(SEED, 3000, D);
        index.add(3000, xb);
        int k = 100;
        float[] xq = queries(SEED, 3000, 20, D);
        for (int ef : new int[] {16, k}) {
            float[] distances = new float[20 * k];
            long[] labels = new long[20 * k];
            index.search(20, xq, k, distances, labels, new SearchParametersHNSW(ef));
            for (int q = 0; q < 20; q++) {
                Set<Long> seen = new HashSet<>();
                for (int j = 0; j < k; j++) {
                    long label = labels[q * k + j];
                    String what = String.format("seed=%d efSearch=%d query %d rank %d", SEED, ef, q, j);
                    if (j < ef || ef >= k) {
                        assertThat(label).as(what).isNotNegative();
                    }
                    if (label < 0) {
                        assertThat(distances[q * k + j]).as(what).isEqualTo(Float.MAX_VALUE);
                        continue;
                    }
                    assertThat(seen.add(label)).as(what).isTrue();
                    assertThat(j == 0 || labels[q * k + j - 1] >= 0).as(what).isTrue();
                    if (j > 0) {
                        assertThat(distances[q * k + j]).as(what).isGreaterThanOrEqualTo(distances[q * k + j - 1]);
                    }
                }
            }
        }
    }

    @Test
    void selectorFilteredTraversalAndExactFallback() {
        int nb = 5000;
        IndexHNSWFlat index = new IndexHNSWFlat(D, 8);
        float[] xb = clustered(SEED, nb, D);
        index.add(nb, xb);
        float[] xq = queries(SEED, nb, 200, D);
        // half the ids: filtered graph traversal with a widened beam
        IDSelector even = id -> id % 2 == 0;
        double half = recall(index, xb, nb, xq, 200, new SearchParametersHNSW(even, 16));
        assertThat(half).as("seed=%d recall with 50%% selected", SEED).isGreaterThan(0.95);
        // 1% of the ids: exact scan of the selected ids
        IDSelector few = IDSelector.range(1000, 1050);
        double small = recall(index, xb, nb, xq, 200, new SearchParametersHNSW(few, 16));
        assertThat(small).as("seed=%d recall with 1%% selected", SEED).isEqualTo(1.0);
        long[] labels = new long[200 * 10];
        index.search(200, xq, 10, new float[2000], labels, new SearchParametersHNSW(even, 16));
        for (long l : labels) {
            assertThat(l % 2).isZero();
        }
    }

    @Test
    void removeIdsMarksNodesDeleted() {
        int nb = 2000;
        IndexHNSWFlat index = new IndexHNSWFlat(D, 8);
        float[] xb = clustered(SEED, nb, D);
        index.add(nb, xb);
        assertThat(index.removeIds(IDSelector.range(0, 500))).isEqualTo(500);
        assertThat(index.removeIds(IDSelector.range(0, 500))).isZero();
        assertThat(index.ntotal()).isEqualTo(1500);
        assertThat(index.nodeCount()).isEqualTo(2000);
        assertThat(index.isRemoved(10)).isTrue();
        assertThat(index.isRemoved(1000)).isFalse();
        float[] v = new float[D];
        assertThatThrownBy(() -> index.reconstruct(10, v))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("removed");
        index.reconstruct(1000, v);
        // deleted vectors route but are never returned: query with the deleted vectors themselves
        float[] xq = java.util.Arrays.copyOf(xb, 200 * D);
        long[] labels = new long[200 * 10];
        index.search(200, xq, 10, new float[2000], labels);
        for (long l : labels) {
            assertThat(l).isGreaterThanOrEqualTo(500);
        }
        assertThat(recall(index, xb, nb, xq, 200, new SearchParameters(IDSelector.range(500, nb))))
                .isGreaterThan(0.95);
        // new vectors get labels after every node, deleted included
        index.add(1, java.util.Arrays.copyOf(xb, D));
        long[] one = new long[1];
        index.search(1, java.util.Arrays.copyOf(xb, D), 1, new float[1], one);
        assertThat(one[0]).isEqualTo(2000);
        assertThat(index.ntotal()).isEqualTo(1501);
        // everything deleted: only padding
        index.removeIds(IDSelector.all());
        assertThat(index.ntotal()).isZero();
        index.search(1, xq, 3, new float[3], labels);
        assertThat(java.util.Arrays.copyOf(labels, 3)).containsOnly(-1L);
    }

    @Test
    void cancelledAddKeepsAConsistentPrefix() {
        int nb = 3 * IndexHNSW.MIN_ROUND;
        IndexHNSWFlat index = new IndexHNSWFlat(8, 4);
        float[] xb = clustered(SEED, nb, 8);
        int[] calls = {0};
        assertThatThrownBy(() -> index.add(nb, xb, (phase, fraction) -> {
                    if (fraction > 0 && ++calls[0] == 1) {
                        throw new CancellationException("stop");
                    }
                }))
                .isInstanceOf(CancellationException.class);
        assertThat(index.ntotal()).isEqualTo(IndexHNSW.MIN_ROUND);
        assertThat(index.storage().ntotal()).isEqualTo(IndexHNSW.MIN_ROUND);
        assertGraphInvariants(index.hnsw());
        float[] v = new float[8];
        index.reconstruct(IndexHNSW.MIN_ROUND - 1, v);
        assertThat(v)
                .containsExactly(
                        java.util.Arrays.copyOfRange(xb, (IndexHNSW.MIN_ROUND - 1) * 8, IndexHNSW.MIN_ROUND * 8));
        double[] last = {0};
        index.add(100, xb, (phase, fraction) -> last[0] = fraction);
        assertThat(last[0]).isEqualTo(1.0);
        assertThat(index.ntotal()).isEqualTo(IndexHNSW.MIN_ROUND + 100);
    }

    @Test
    void cancelledAddWithIdsThroughAnIdMapKeepsThePrefixWithItsIds() {
        int nb = 3 * IndexHNSW.MIN_ROUND;
        IndexIDMap2 index = new IndexIDMap2(new IndexHNSWFlat(8, 4));
        float[] xb = clustered(SEED, nb, 8);
        long[] ids = new long[nb];
        for (int i = 0; i < nb; i++) {
            ids[i] = 1_000_000L + 7L * i;
        }
        int[] calls = {0};
        assertThatThrownBy(() -> index.addWithIds(nb, xb, ids, (phase, fraction) -> {
                    if (fraction > 0 && ++calls[0] == 1) {
                        throw new CancellationException("stop");
                    }
                }))
                .isInstanceOf(CancellationException.class);
        assertThat(index.ntotal())
                .isEqualTo(IndexHNSW.MIN_ROUND)
                .isEqualTo(index.getIndex().ntotal());
        assertThat(index.getIdMap()).containsExactly(java.util.Arrays.copyOf(ids, IndexHNSW.MIN_ROUND));
        int last = IndexHNSW.MIN_ROUND - 1;
        float[] v = new float[8];
        index.reconstruct(ids[last], v);
        assertThat(v).containsExactly(java.util.Arrays.copyOfRange(xb, last * 8, last * 8 + 8));
        assertThatThrownBy(() -> index.reconstruct(ids[last + 1], v)).isInstanceOf(IllegalArgumentException.class);
        long[] labels = new long[1];
        index.search(1, java.util.Arrays.copyOfRange(xb, last * 8, last * 8 + 8), 1, new float[1], labels);
        assertThat(labels[0]).isEqualTo(ids[last]);
    }

    @Test
    void rangeSearchFindsTheNearbyVectors() {
        int nb = 3000;
        IndexHNSWFlat index = new IndexHNSWFlat(D, 8);
        float[] xb = clustered(SEED, nb, D);
        index.add(nb, xb);
        IndexFlatL2 flat = new IndexFlatL2(D);
        flat.add(nb, xb);
        float[] xq = queries(SEED, nb, 20, D);
        float radius = 30f; // about the 10 nearest of each query
        RangeSearchResult exact = flat.rangeSearch(20, xq, radius, null);
        RangeSearchResult approx = index.rangeSearch(20, xq, radius, new SearchParametersHNSW(128));
        long found = 0;
        for (int q = 0; q < 20; q++) {
            Set<Long> truth = new HashSet<>();
            for (long i = exact.lims()[q]; i < exact.lims()[q + 1]; i++) {
                truth.add(exact.labels()[(int) i]);
            }
            for (long i = approx.lims()[q]; i < approx.lims()[q + 1]; i++) {
                assertThat(truth).contains(approx.labels()[(int) i]);
                assertThat(approx.distances()[(int) i]).isLessThan(radius);
                found++;
            }
        }
        assertThat((double) found).isGreaterThanOrEqualTo(0.95 * exact.labels().length);
        assertThat(exact.labels().length).isGreaterThan(20);
    }
}
