package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.simd.VectorUtil;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** IndexRefineFlat: exact re-ranking, kFactor (field and per call), both constructors, FAISS's missing operations. */
class IndexRefineFlatTest {
    static final long SEED = 99;
    static final int D = 24;
    static final int N = 2000;

    static IndexPQ pq(MetricType metric, float[] xb) {
        IndexPQ pq = new IndexPQ(D, 6, 6, metric); // coarse on purpose: 6 bits per 4 dimensions
        pq.train(N, xb);
        return pq;
    }

    @Test
    void reRanksWithExactDistancesAndRecallGrowsWithKFactor() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 1, 40, D);
        int k = 10;
        for (MetricType metric : MetricType.values()) {
            IndexRefineFlat index = new IndexRefineFlat(pq(metric, xb));
            assertThat(index.kFactor()).isEqualTo(1f);
            index.add(N, xb);
            assertThat(index.ntotal()).isEqualTo(N);
            IndexFlat flat = new IndexFlat(D, metric);
            flat.add(N, xb);
            long[] truth = IndexIVFFlatTest.search(flat, xq, 40, k, null);
            // kFactor 1: the base's own k results, reordered by exact distance
            long[] base = IndexIVFFlatTest.search(index.baseIndex(), xq, 40, k, null);
            float[] dis = new float[40 * k];
            long[] lab = new long[40 * k];
            index.search(40, xq, k, dis, lab);
            for (int q = 0; q < 40; q++) {
                assertThat(Arrays.copyOfRange(lab, q * k, q * k + k))
                        .containsExactlyInAnyOrder(Arrays.copyOfRange(base, q * k, q * k + k));
                for (int j = 0; j < k; j++) {
                    float want = metric == MetricType.L2
                            ? VectorUtil.squareDistance(xq, q * D, xb, (int) lab[q * k + j] * D, D)
                            : VectorUtil.dotProduct(xq, q * D, xb, (int) lab[q * k + j] * D, D);
                    assertThat(dis[q * k + j]).isCloseTo(want, within(1e-3f * Math.max(1, Math.abs(want))));
                    if (j > 0) {
                        assertThat(
                                        metric == MetricType.L2
                                                ? dis[q * k + j] >= dis[q * k + j - 1]
                                                : dis[q * k + j] <= dis[q * k + j - 1])
                                .isTrue();
                    }
                }
            }
            double r1 = IndexIVFFlatTest.recall(lab, truth, 40, k);
            double rBase = IndexIVFFlatTest.recall(base, truth, 40, k);
            assertThat(r1).isEqualTo(rBase);
            // per call kFactor 20, index unchanged; then the field
            long[] wide = IndexIVFFlatTest.search(index, xq, 40, k, new SearchParametersRefine(null, null, 20));
            double r20 = IndexIVFFlatTest.recall(wide, truth, 40, k);
            assertThat(index.kFactor()).isEqualTo(1f);
            assertThat(r20)
                    .as("%s seed=%d base %f refined %f", metric, SEED, rBase, r20)
                    .isGreaterThan(rBase);
            assertThat(r20).isGreaterThanOrEqualTo(0.95);
            index.setKFactor(20);
            assertThat(IndexIVFFlatTest.search(index, xq, 40, k, null)).containsExactly(wide);
        }
    }

    @Test
    void wrapsAFilledBaseWithItsVectors() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        IndexPQ base = pq(MetricType.L2, xb);
        base.add(N, xb);
        assertThatThrownBy(() -> new IndexRefineFlat(base)).isInstanceOf(IllegalArgumentException.class);
        IndexRefineFlat index = new IndexRefineFlat(base, xb);
        assertThat(index.ntotal()).isEqualTo(N);
        float[] v = new float[D];
        index.reconstruct(123, v);
        assertThat(v).containsExactly(Arrays.copyOfRange(xb, 123 * D, 124 * D));
        index.setKFactor(50);
        long[] lab = IndexIVFFlatTest.search(index, Arrays.copyOf(xb, 5 * D), 5, 1, null);
        assertThat(lab).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void selectorsAndBaseParametersReachTheBase() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        IndexIVFFlat ivf = new IndexIVFFlat(new IndexFlatL2(D), D, 16);
        IndexRefineFlat index = new IndexRefineFlat(ivf);
        index.train(N, xb);
        assertThat(ivf.isTrained()).isTrue();
        index.add(N, xb);
        float[] xq = Arrays.copyOf(xb, 10 * D);
        IDSelector sel = IDSelector.range(100, 200);
        long[] lab = IndexIVFFlatTest.search(index, xq, 10, 5, new SearchParametersRefine(sel, null, 4));
        for (long l : lab) {
            assertThat(l == -1 || (l >= 100 && l < 200)).as("label %d", l).isTrue();
        }
        lab = IndexIVFFlatTest.search(index, xq, 10, 5, new SearchParameters(sel));
        for (long l : lab) {
            assertThat(l == -1 || (l >= 100 && l < 200)).as("label %d", l).isTrue();
        }
        // nprobe = nlist through the base parameters: exact
        long[] all = IndexIVFFlatTest.search(
                index, xq, 10, 1, new SearchParametersRefine(null, new SearchParametersIVF(16), 2));
        assertThat(all).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    }

    @Test
    void faissMissingOperationsAndBadArguments() {
        IndexRefineFlat index = new IndexRefineFlat(new IndexFlatL2(D));
        assertThatThrownBy(() -> index.removeIds(IDSelector.range(0, 1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> index.rangeSearch(1, new float[D], 1f, null))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> index.addWithIds(1, new float[D], new long[] {1}))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> index.setKFactor(0.5f)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SearchParametersRefine(null, null, Float.NaN))
                .isInstanceOf(IllegalArgumentException.class);
        index.add(3, new float[3 * D]);
        index.reset();
        assertThat(index.ntotal()).isZero();
        assertThat(index.baseIndex().ntotal()).isZero();
    }
}
