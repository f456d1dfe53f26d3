package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.invlists.DirectMap;
import dev.annvil.simd.VectorUtil;
import org.junit.jupiter.api.Test;

/**
 * IndexIVFPQ: precomputed tables against per-list tables, distances equal to the distances to the
 * reconstructions, reconstruction error, nprobe semantics, FAISS's table rule, range search.
 */
class IndexIVFPQTest {
    static final long SEED = 4242;
    static final int D = 24;
    static final int NLIST = 16;
    static final int M = 8;
    static final int N = 3000;

    private static final java.util.Map<MetricType, IndexIVFPQ> TRAINED = new java.util.EnumMap<>(MetricType.class);

    /**
     * A fresh index trained on xb (always the clustered SEED data): trained once per metric, then
     * copied through the centroids (setTrained), which keeps the test fast.
     */
    static synchronized IndexIVFPQ trained(MetricType metric, float[] xb) {
        IndexIVFPQ model = TRAINED.get(metric);
        if (model == null) {
            model = trainedFromScratch(metric, xb);
            TRAINED.put(metric, model);
        }
        IndexFlat q = metric == MetricType.L2 ? new IndexFlatL2(D) : new IndexFlatIP(D);
        q.add(NLIST, ((IndexFlat) model.quantizer()).getXb());
        IndexIVFPQ index = new IndexIVFPQ(q, D, NLIST, M, 8, metric);
        index.pq().setCentroids(model.pq().getCentroids());
        index.setTrained(true);
        return index;
    }

    static IndexIVFPQ trainedFromScratch(MetricType metric, float[] xb) {
        Index q = metric == MetricType.L2 ? new IndexFlatL2(D) : new IndexFlatIP(D);
        IndexIVFPQ index = new IndexIVFPQ(q, D, NLIST, M, 8, metric);
        index.train(N, xb);
        return index;
    }

    static float distance(MetricType metric, float[] a, int aOff, float[] b, int bOff) {
        return metric == MetricType.L2
                ? VectorUtil.squareDistance(a, aOff, b, bOff, D)
                : VectorUtil.dotProduct(a, aOff, b, bOff, D);
    }

    @Test
    void precomputedTablesFollowFaissRule() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        IndexIVFPQ l2 = trained(MetricType.L2, xb);
        assertThat(l2.usePrecomputedTable()).isEqualTo(1);
        assertThat(l2.precomputedTable()).hasSize(NLIST * M * 256);
        IndexIVFPQ ip = trained(MetricType.INNER_PRODUCT, xb);
        assertThat(ip.usePrecomputedTable()).isZero();
        assertThat(ip.precomputedTable()).isNull();
        long old = IndexIVFPQ.precomputedTableMaxBytes();
        try {
            IndexIVFPQ.setPrecomputedTableMaxBytes(4L * NLIST * M * 256 - 1);
            IndexIVFPQ tooBig = trainedFromScratch(MetricType.L2, xb);
            assertThat(tooBig.usePrecomputedTable()).isZero();
            assertThat(tooBig.precomputedTable()).isNull();
            tooBig.setUsePrecomputedTable(1); // explicit: built whatever the bound
            assertThat(tooBig.precomputedTable()).isNotNull();
        } finally {
            IndexIVFPQ.setPrecomputedTableMaxBytes(old);
        }
        assertThatThrownBy(() -> l2.setUsePrecomputedTable(2)).isInstanceOf(IllegalArgumentException.class);
        assertThat(l2.polysemousHt()).isZero();
    }

    @Test
    void precomputedAndPerListTablesGiveTheSameDistances() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 1, 40, D);
        IndexIVFPQ index = trained(MetricType.L2, xb);
        index.add(N, xb);
        int k = 10;
        SearchParametersIVF params = new SearchParametersIVF(4);
        float[] d1 = new float[40 * k];
        long[] l1 = new long[40 * k];
        index.search(40, xq, k, d1, l1, params);
        index.setUsePrecomputedTable(-1);
        assertThat(index.precomputedTable()).isNull();
        float[] d2 = new float[40 * k];
        long[] l2 = new long[40 * k];
        index.search(40, xq, k, d2, l2, params);
        int same = 0;
        for (int i = 0; i < 40 * k; i++) {
            assertThat(d1[i]).as("seed=%d entry %d", SEED, i).isCloseTo(d2[i], within(1e-3f * Math.max(1, d2[i])));
            same += l1[i] == l2[i] ? 1 : 0;
        }
        assertThat(same).as("labels equal up to float ties").isGreaterThanOrEqualTo(40 * k - 4);
    }

    @Test
    void distancesAreToTheReconstructedVectors() {
        for (MetricType metric : MetricType.values()) {
            for (boolean byResidual : new boolean[] {true, false}) {
                float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
                float[] xq = IndexIVFFlatTest.clustered(SEED + 2, 20, D);
                Index q = metric == MetricType.L2 ? new IndexFlatL2(D) : new IndexFlatIP(D);
                IndexIVFPQ index = new IndexIVFPQ(q, D, NLIST, M, 8, metric);
                index.setByResidual(byResidual);
                index.train(N, xb);
                index.add(N, xb);
                index.makeDirectMap(true);
                int k = 5;
                float[] dis = new float[20 * k];
                long[] lab = new long[20 * k];
                index.search(20, xq, k, dis, lab, new SearchParametersIVF(3));
                float[] rec = new float[D];
                for (int i = 0; i < 20 * k; i++) {
                    index.reconstruct(lab[i], rec);
                    float want = distance(metric, xq, (i / k) * D, rec, 0);
                    assertThat(dis[i])
                            .as("%s byResidual=%s entry %d seed=%d", metric, byResidual, i, SEED)
                            .isCloseTo(want, within(1e-3f * Math.max(1, Math.abs(want))));
                }
            }
        }
    }

    @Test
    void reconstructionErrorIsBounded() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        IndexIVFPQ index = trained(MetricType.L2, xb);
        index.add(N, xb);
        float[] rec = new float[N * D];
        index.reconstructN(0, N, rec);
        double err = 0;
        double var = 0;
        float[] mean = new float[D];
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                mean[j] += xb[i * D + j] / N;
            }
        }
        for (int i = 0; i < N; i++) {
            err += VectorUtil.squareDistance(xb, i * D, rec, i * D, D);
            var += VectorUtil.squareDistance(xb, i * D, mean, 0, D);
        }
        // 8 bits per 3 dimensions of residuals of unit-variance clusters: a small fraction of the
        // data's variance (measured about 0.05)
        assertThat(err / var)
                .as("relative squared reconstruction error, seed=%d", SEED)
                .isLessThan(0.1);
        // the same vector by id, and the centroid + decoded residual by list offset
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        float[] one = new float[D];
        index.reconstruct(17, one);
        for (int j = 0; j < D; j++) {
            assertThat(one[j]).isEqualTo(rec[17 * D + j]);
        }
        assertThatThrownBy(() -> index.reconstructFromOffset(0, index.getListSize(0), one, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nprobeSemantics() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 3, 30, D);
        IndexIVFPQ index = trained(MetricType.L2, xb);
        index.add(N, xb);
        int k = 10;
        // nprobe = nlist scans everything: same as brute force over the reconstructed vectors
        float[] rec = new float[N * D];
        index.reconstructN(0, N, rec);
        IndexFlat flat = new IndexFlat(D, MetricType.L2);
        flat.add(N, rec);
        long[] truth = IndexIVFFlatTest.search(flat, xq, 30, k, null);
        long[] all = IndexIVFFlatTest.search(index, xq, 30, k, new SearchParametersIVF(NLIST));
        assertThat(IndexIVFFlatTest.recall(all, truth, 30, k)).isGreaterThanOrEqualTo(0.99);
        // more lists, more recall; per-call nprobe does not change the index's
        double prev = -1;
        for (int nprobe : new int[] {1, 2, 4, 8, NLIST}) {
            double r = IndexIVFFlatTest.recall(
                    IndexIVFFlatTest.search(index, xq, 30, k, new SearchParametersIVF(nprobe)), truth, 30, k);
            assertThat(r).as("nprobe %d", nprobe).isGreaterThanOrEqualTo(prev);
            prev = r;
        }
        assertThat(index.nprobe()).isEqualTo(1);
        // nprobe = 1: every result lies in the query's nearest list
        long[] assign = new long[30];
        index.quantizer().search(30, xq, 1, new float[30], assign);
        index.makeDirectMap(true);
        long[] one = IndexIVFFlatTest.search(index, xq, 30, k, null);
        for (int qi = 0; qi < 30; qi++) {
            for (int j = 0; j < k; j++) {
                if (one[qi * k + j] >= 0) {
                    long lo = index.directMap().get(one[qi * k + j]);
                    assertThat(DirectMap.loListNo(lo)).isEqualTo((int) assign[qi]);
                }
            }
        }
    }

    @Test
    void rangeSearchAgreesWithKnn() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 4, 5, D);
        for (MetricType metric : MetricType.values()) {
            IndexIVFPQ index = trained(metric, xb);
            index.add(N, xb);
            int k = 50;
            float[] dis = new float[5 * k];
            long[] lab = new long[5 * k];
            SearchParametersIVF params = new SearchParametersIVF(NLIST);
            index.search(5, xq, k, dis, lab, params);
            for (int qi = 0; qi < 5; qi++) {
                // a radius between ranks 19 and 20 returns exactly the first 20
                float radius = (dis[qi * k + 19] + dis[qi * k + 20]) / 2;
                if (dis[qi * k + 19] == dis[qi * k + 20]) {
                    continue;
                }
                float[] one = java.util.Arrays.copyOfRange(xq, qi * D, (qi + 1) * D);
                RangeSearchResult r = index.rangeSearch(1, one, radius, params);
                assertThat(r.count(0)).as("%s query %d", metric, qi).isEqualTo(20);
            }
        }
    }

    @Test
    void nbits6CodesMatchTheirReconstructions() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, 1000, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 5, 10, D);
        IndexIVFPQ index = new IndexIVFPQ(new IndexFlatL2(D), D, 4, 6, 6);
        assertThat(index.codeSize()).isEqualTo(5); // 36 bits
        index.train(1000, xb);
        assertThat(index.usePrecomputedTable()).isEqualTo(1);
        index.add(1000, xb);
        int k = 5;
        float[] dis = new float[10 * k];
        long[] lab = new long[10 * k];
        index.search(10, xq, k, dis, lab, new SearchParametersIVF(2));
        float[] rec = new float[1000 * D];
        index.reconstructN(0, 1000, rec);
        for (int i = 0; i < 10 * k; i++) {
            float want = VectorUtil.squareDistance(xq, (i / k) * D, rec, (int) lab[i] * D, D);
            assertThat(dis[i]).as("entry %d", i).isCloseTo(want, within(1e-3f * Math.max(1, want)));
        }
    }

    @Test
    void mergeNeedsTheSameProductQuantizer() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        IndexIVFPQ a = trained(MetricType.L2, xb);
        IndexIVFPQ b = trained(MetricType.L2, xb);
        a.add(100, xb);
        b.add(50, java.util.Arrays.copyOfRange(xb, 100 * D, 150 * D));
        a.mergeFrom(b, 100);
        assertThat(a.ntotal()).isEqualTo(150);
        assertThat(b.ntotal()).isZero();
        IndexIVFPQ c = trained(MetricType.L2, xb);
        float[] other = c.pq().getCentroids().clone();
        other[0] += 1;
        c.pq().setCentroids(other);
        assertThatThrownBy(() -> a.mergeFrom(c, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("product quantizers differ");
    }

    @Test
    void rejectsBadShapes() {
        assertThatThrownBy(() -> new IndexIVFPQ(new IndexFlatL2(25), 25, 4, 8, 8))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("M=8");
        assertThatThrownBy(() -> new IndexIVFPQ(new IndexFlatL2(24), 24, 4, 8, 17))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nbits=17");
        IndexIVFPQ untrained = new IndexIVFPQ(new IndexFlatL2(24), 24, 4, 8, 8);
        assertThat(untrained.isTrained()).isFalse();
        assertThat(untrained.codeSize()).isEqualTo(8);
        assertThatThrownBy(() -> untrained.add(1, new float[24])).isInstanceOf(IllegalStateException.class);
    }
}
