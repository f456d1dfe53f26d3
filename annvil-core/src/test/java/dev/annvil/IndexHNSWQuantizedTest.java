package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.impl.CodesDistanceComputer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.simd.VectorUtil;
import org.junit.jupiter.api.Test;

/**
 * IndexHNSWSQ and IndexHNSWPQ: the graph search finds what an exhaustive scan of the same codes
 * finds, distances are to the decoded vectors, training goes to the storage, and the codes
 * distance computer agrees with decoding.
 */
class IndexHNSWQuantizedTest {
    static final long SEED = 31337;
    static final int D = 24;
    static final int N = 3000;
    static final int NQ = 40;
    static final int K = 10;

    /** Recall of the HNSW index against an exhaustive search of its own storage's codes. */
    private static double recallAgainstStorage(IndexHNSW index, IndexFlatCodes flatCodes, float[] xb, float[] xq) {
        flatCodes.add(N, xb);
        long[] truth = IndexIVFFlatTest.search(flatCodes, xq, NQ, K, null);
        long[] found = IndexIVFFlatTest.search(index, xq, NQ, K, new SearchParametersHNSW(64));
        return IndexIVFFlatTest.recall(found, truth, NQ, K);
    }

    @Test
    void hnswSQFindsWhatTheFlatSQFinds() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 1, NQ, D);
        for (MetricType metric : MetricType.values()) {
            IndexHNSWSQ index = new IndexHNSWSQ(D, QuantizerType.QT_8bit, 16, metric);
            assertThat(index.isTrained()).isFalse();
            assertThatThrownBy(() -> index.add(1, new float[D])).isInstanceOf(IllegalStateException.class);
            index.train(N, xb);
            assertThat(index.sq().isTrained()).isTrue();
            index.add(N, xb);
            IndexScalarQuantizer flat = new IndexScalarQuantizer(D, QuantizerType.QT_8bit, metric);
            flat.sq().setTrained(index.sq().getTrained());
            flat.setTrained(true);
            double r = recallAgainstStorage(index, flat, xb, xq);
            assertThat(r).as("%s seed=%d", metric, SEED).isGreaterThanOrEqualTo(0.95);
            checkDistancesToDecoded(index, metric, xq);
            assertThat(index.ramBytesUsed()).isGreaterThan((long) N * D);
        }
        assertThat(new IndexHNSWSQ(D, QuantizerType.QT_fp16, 16).isTrained()).isTrue();
    }

    @Test
    void hnswPQFindsWhatTheFlatPQFinds() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 2, NQ, D);
        for (MetricType metric : MetricType.values()) {
            IndexHNSWPQ index = metric == MetricType.L2
                    ? new IndexHNSWPQ(D, 8, 16)
                    : new IndexHNSWPQ(D, 8, 16, 8, MetricType.INNER_PRODUCT);
            assertThat(index.isTrained()).isFalse();
            index.train(N, xb);
            index.add(N, xb);
            IndexPQ flat = new IndexPQ(D, 8, 8, metric);
            flat.pq().setCentroids(index.pq().getCentroids());
            flat.setTrained(true);
            double r = recallAgainstStorage(index, flat, xb, xq);
            assertThat(r).as("%s seed=%d", metric, SEED).isGreaterThanOrEqualTo(0.95);
            checkDistancesToDecoded(index, metric, xq);
        }
    }

    private static void checkDistancesToDecoded(IndexHNSW index, MetricType metric, float[] xq) {
        float[] dis = new float[NQ * K];
        long[] lab = new long[NQ * K];
        index.search(NQ, xq, K, dis, lab);
        float[] rec = new float[D];
        for (int i = 0; i < NQ * K; i++) {
            index.reconstruct(lab[i], rec);
            float want = metric == MetricType.L2
                    ? VectorUtil.squareDistance(xq, (i / K) * D, rec, 0, D)
                    : VectorUtil.dotProduct(xq, (i / K) * D, rec, 0, D);
            assertThat(dis[i])
                    .as("%s entry %d", metric, i)
                    .isCloseTo(want, within(1e-3f * Math.max(1, Math.abs(want))));
        }
    }

    @Test
    void codesDistanceComputerAgreesWithDecoding() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, 500, D);
        for (MetricType metric : MetricType.values()) {
            IndexScalarQuantizer sq = new IndexScalarQuantizer(D, QuantizerType.QT_4bit, metric);
            sq.train(500, xb);
            sq.add(500, xb);
            CodesDistanceComputer dc = new CodesDistanceComputer(sq);
            float[] all = new float[500 * D];
            sq.reconstructN(0, 500, all);
            dc.setQuery(xb, 7 * D);
            int[][] pairs = {{1, 2}, {1, 3}, {4, 3}, {3, 4}, {2, 2}, {5, 1}};
            for (int[] p : pairs) {
                float want = metric == MetricType.L2
                        ? VectorUtil.squareDistance(all, p[0] * D, all, p[1] * D, D)
                        : -VectorUtil.dotProduct(all, p[0] * D, all, p[1] * D, D);
                assertThat(dc.symmetricDis(p[0], p[1])).isCloseTo(want, within(1e-3f * Math.max(1, Math.abs(want))));
            }
            int[] ids = {9, 0, 499, 250, 3};
            float[] out = new float[5];
            dc.distances(ids, 5, out);
            for (int i = 0; i < 5; i++) {
                float want = metric == MetricType.L2
                        ? VectorUtil.squareDistance(xb, 7 * D, all, ids[i] * D, D)
                        : -VectorUtil.dotProduct(xb, 7 * D, all, ids[i] * D, D);
                assertThat(out[i]).isCloseTo(want, within(1e-3f * Math.max(1, Math.abs(want))));
                assertThat(dc.distance(ids[i])).isEqualTo(out[i]);
            }
        }
    }
}
