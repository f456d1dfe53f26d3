package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Range search of the exhaustive indexes (IndexFlat and IndexFlatCodes) against their own k-NN
 * search with k = ntotal: the same positions under the radius (in position order) with the very
 * same distances, over several scan chunks, many hits a query, a selector and 1 to 3 threads.
 */
class FlatRangeSearchTest {
    private static final long SEED = 23;
    private static final int D = 16;
    private static final int N = 2500;
    private static final int NQ = 5;

    @Test
    void indexFlatRangeSearchEqualsKnnUnderTheRadius() {
        for (MetricType metric : MetricType.values()) {
            IndexFlat index = new IndexFlat(D, metric);
            index.add(N, IndexFlatTest.random(SEED, N, D));
            check(index, metric);
        }
    }

    @Test
    void indexFlatCodesRangeSearchEqualsKnnUnderTheRadius() {
        for (MetricType metric : MetricType.values()) {
            IndexScalarQuantizer index = new IndexScalarQuantizer(D, QuantizerType.QT_8bit, metric);
            float[] xb = IndexFlatTest.random(SEED, N, D);
            index.train(N, xb);
            index.add(N, xb);
            check(index, metric);
        }
    }

    private void check(Index index, MetricType metric) {
        boolean ip = metric == MetricType.INNER_PRODUCT;
        float[] xq = IndexFlatTest.random(SEED + 1, NQ, D);
        for (IDSelector sel : new IDSelector[] {null, new IDSelectorRange(300, 2100)}) {
            SearchParameters params = sel == null ? null : new SearchParameters(sel);
            // radius: the 400th nearest distance of query 0, so that queries have hundreds of hits
            float[] d0 = new float[N];
            long[] l0 = new long[N];
            index.search(1, Arrays.copyOf(xq, D), N, d0, l0, params);
            float radius = d0[399];
            for (int threads : new int[] {1, 2, 3}) {
                RangeSearchResult r;
                int saved = Parallelism.numThreads();
                try {
                    Parallelism.setNumThreads(threads);
                    r = index.rangeSearch(NQ, xq, radius, params);
                } finally {
                    Parallelism.setNumThreads(saved);
                }
                String what = "seed=" + SEED + " " + index + " sel=" + sel + " threads=" + threads;
                assertThat(r.nq()).as(what).isEqualTo(NQ);
                for (int q = 0; q < NQ; q++) {
                    float[] dk = new float[N];
                    long[] lk = new long[N];
                    index.search(1, Arrays.copyOfRange(xq, q * D, (q + 1) * D), N, dk, lk, params);
                    List<long[]> expected = new ArrayList<>();
                    for (int i = 0; i < N; i++) {
                        if (lk[i] >= 0 && (ip ? dk[i] > radius : dk[i] < radius)) {
                            expected.add(new long[] {lk[i], Float.floatToRawIntBits(dk[i])});
                        }
                    }
                    expected.sort((a, b) -> Long.compare(a[0], b[0]));
                    assertThat(r.count(q)).as(what + " query " + q).isEqualTo(expected.size());
                    if (q == 0) {
                        assertThat(r.count(q)).as(what).isGreaterThan(100);
                    }
                    int at = (int) r.lims()[q];
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(r.labels()[at + i]).as(what + " query " + q).isEqualTo(expected.get(i)[0]);
                        assertThat(Float.floatToRawIntBits(r.distances()[at + i]))
                                .as(what + " query " + q + " label " + expected.get(i)[0])
                                .isEqualTo((int) expected.get(i)[1]);
                    }
                }
            }
        }
    }
}
