package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annvil.invlists.ArrayInvertedLists;
import dev.annvil.invlists.InvertedLists;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Search semantics of IndexIVFFlat: nprobe, per-call parameters, maxCodes, selectors, range search. */
class IndexIVFFlatTest {
    static final long SEED = 42;
    static final int D = 24;
    static final int NLIST = 16;

    /** n points around 32 gaussian centres (so that lists are meaningful). */
    static float[] clustered(long seed, int n, int d) {
        Random r = new Random(seed);
        Random centres = new Random(1234);
        float[][] c = new float[32][d];
        for (float[] row : c) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) centres.nextGaussian() * 1.5f;
            }
        }
        float[] x = new float[n * d];
        for (int i = 0; i < n; i++) {
            float[] centre = c[r.nextInt(c.length)];
            for (int j = 0; j < d; j++) {
                x[i * d + j] = centre[j] + (float) r.nextGaussian();
            }
        }
        return x;
    }

    static IndexIVFFlat trained(MetricType metric, float[] xt, int nt) {
        Index q = metric == MetricType.L2 ? new IndexFlatL2(D) : new IndexFlatIP(D);
        IndexIVFFlat index = new IndexIVFFlat(q, D, NLIST, metric);
        index.train(nt, xt);
        return index;
    }

    static long[] search(Index index, float[] xq, int nq, int k, SearchParameters params) {
        long[] labels = new long[nq * k];
        index.search(nq, xq, k, new float[nq * k], labels, params);
        return labels;
    }

    static double recall(long[] found, long[] truth, int nq, int k) {
        long hits = 0;
        for (int q = 0; q < nq; q++) {
            Set<Long> t = new HashSet<>();
            for (int j = 0; j < k; j++) {
                t.add(truth[q * k + j]);
            }
            for (int j = 0; j < k; j++) {
                hits += t.contains(found[q * k + j]) ? 1 : 0;
            }
        }
        return (double) hits / (nq * k);
    }

    @Test
    void fullProbeIsExactAndRecallGrowsWithNprobe() {
        for (MetricType metric : MetricType.values()) {
            int n = 3000;
            int nq = 50;
            int k = 10;
            float[] xb = clustered(SEED, n, D);
            float[] xq = clustered(SEED + 1, nq, D);
            IndexIVFFlat index = trained(metric, xb, n);
            index.add(n, xb);
            IndexFlat flat = new IndexFlat(D, metric);
            flat.add(n, xb);
            long[] truth = search(flat, xq, nq, k, null);
            float[] fd = new float[nq * k];
            flat.search(nq, xq, k, fd, new long[nq * k]);
            double previous = 0;
            for (int nprobe : new int[] {1, 2, 4, 8, 16}) {
                index.setNprobe(nprobe);
                float[] dis = new float[nq * k];
                long[] labels = new long[nq * k];
                index.search(nq, xq, k, dis, labels);
                double r = recall(labels, truth, nq, k);
                assertThat(r).as("%s nprobe %d seed %d", metric, nprobe, SEED).isGreaterThanOrEqualTo(previous);
                if (nprobe == 1) {
                    assertThat(r)
                            .as("%s nprobe 1 is approximate on overlapping clusters", metric)
                            .isLessThan(0.99);
                }
                previous = r;
                if (nprobe == NLIST) {
                    assertThat(r).as("%s full probe", metric).isEqualTo(1.0);
                    for (int i = 0; i < nq * k; i++) {
                        assertThat(dis[i]).isCloseTo(fd[i], org.assertj.core.api.Assertions.within(1e-3f));
                    }
                }
            }
            // nprobe above nlist is capped at nlist
            index.setNprobe(1000);
            assertThat(recall(search(index, xq, nq, k, null), truth, nq, k)).isEqualTo(1.0);
        }
    }

    @Test
    void nprobeOneReturnsOnlyTheNearestList() {
        float[] xb = clustered(SEED, 2000, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 2000);
        index.add(2000, xb);
        index.setDirectMapType(dev.annvil.invlists.DirectMap.Type.HASHTABLE);
        float[] xq = clustered(SEED + 2, 20, D);
        long[] coarse = new long[20];
        index.quantizer().search(20, xq, 1, new float[20], coarse);
        long[] labels = search(index, xq, 20, 5, null);
        for (int q = 0; q < 20; q++) {
            for (int j = 0; j < 5; j++) {
                long lo = index.directMap().get(labels[q * 5 + j]);
                assertThat(dev.annvil.invlists.DirectMap.loListNo(lo))
                        .as("query %d rank %d", q, j)
                        .isEqualTo((int) coarse[q]);
            }
        }
    }

    @Test
    void searchParametersOverrideWithoutMutating() {
        float[] xb = clustered(SEED, 2000, D);
        float[] xq = clustered(SEED + 3, 30, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 2000);
        index.add(2000, xb);
        index.setNprobe(1);
        long[] withParams = search(index, xq, 30, 10, new SearchParametersIVF(8));
        assertThat(index.nprobe()).isEqualTo(1);
        assertThat(index.maxCodes()).isZero();
        long[] defaults = search(index, xq, 30, 10, null);
        long[] plainSel = search(index, xq, 30, 10, new SearchParameters(null));
        assertThat(plainSel)
                .as("plain SearchParameters keep the index's nprobe")
                .containsExactly(defaults);
        index.setNprobe(8);
        assertThat(search(index, xq, 30, 10, null)).containsExactly(withParams);
        assertThat(withParams).isNotEqualTo(defaults);
        assertThatThrownBy(() -> new SearchParametersIVF(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.setNprobe(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maxCodesBoundsTheCodesScanned() {
        float[] xb = clustered(SEED, 2000, D);
        float[] xq = clustered(SEED + 4, 10, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 2000);
        index.add(2000, xb);
        int k = 500;
        for (long maxCodes : new long[] {7, 60, 200}) {
            long[] labels = search(index, xq, 10, k, new SearchParametersIVF(null, NLIST, maxCodes));
            for (int q = 0; q < 10; q++) {
                long found = Arrays.stream(labels, q * k, (q + 1) * k)
                        .filter(l -> l >= 0)
                        .count();
                assertThat(found).as("maxCodes %d query %d", maxCodes, q).isEqualTo(maxCodes);
            }
        }
        index.setMaxCodes(7);
        long[] labels = search(index, xq, 1, 20, new SearchParametersIVF(NLIST));
        assertThat(Arrays.stream(labels).filter(l -> l >= 0).count())
                .as("params' maxCodes 0 lifts the index's limit")
                .isEqualTo(20);
        assertThat(Arrays.stream(search(index, xq, 1, 20, null)).filter(l -> l >= 0))
                .hasSize(7);
    }

    @Test
    void selectorRestrictsToTheSelectedIds() {
        float[] xb = clustered(SEED, 1500, D);
        float[] xq = clustered(SEED + 5, 8, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 1500);
        index.add(1500, xb);
        IDSelector odd = id -> id % 2 == 1;
        int k = 10;
        long[] labels = search(index, xq, 8, k, new SearchParametersIVF(odd, NLIST, 0));
        IndexFlat flat = new IndexFlatL2(D);
        flat.add(1500, xb);
        long[] truth = search(flat, xq, 8, k, new SearchParameters(odd));
        assertThat(labels).containsExactly(truth);
        RangeSearchResult r = index.rangeSearch(8, xq, 30f, new SearchParametersIVF(odd, NLIST, 0));
        assertThat(Arrays.stream(r.labels()).allMatch(l -> l % 2 == 1)).isTrue();
        RangeSearchResult all = flat.rangeSearch(8, xq, 30f, new SearchParameters(odd));
        assertThat(r.lims()).containsExactly(all.lims());
    }

    @Test
    void genericInvertedListsGiveTheSameResults() {
        float[] xb = clustered(SEED, 1000, D);
        float[] xq = clustered(SEED + 6, 25, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 1000);
        index.add(1000, xb);
        index.setNprobe(3);
        float[] d1 = new float[25 * 7];
        long[] l1 = new long[25 * 7];
        index.search(25, xq, 7, d1, l1);
        InvertedLists bytes = new ArrayInvertedLists(NLIST, 4 * D);
        bytes.mergeFrom(index.invlists(), 0);
        assertThat(index.invlists().computeNtotal()).isZero();
        index.replaceInvlists(bytes);
        assertThat(index.ntotal()).isEqualTo(1000);
        float[] d2 = new float[25 * 7];
        long[] l2 = new long[25 * 7];
        index.search(25, xq, 7, d2, l2);
        assertThat(l2).containsExactly(l1);
        assertThat(d2).containsExactly(d1);
        float[] v = new float[D];
        index.setDirectMapType(dev.annvil.invlists.DirectMap.Type.ARRAY);
        index.reconstruct(123, v);
        assertThat(v).containsExactly(Arrays.copyOfRange(xb, 123 * D, 124 * D));
        index.add(1, Arrays.copyOf(xb, D));
        index.reconstruct(1000, v);
        assertThat(v).containsExactly(Arrays.copyOf(xb, D));
    }

    @Test
    void untrainedIndexRefusesAddAndSearch() {
        IndexIVFFlat index = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
        assertThat(index.isTrained()).isFalse();
        float[] x = clustered(SEED, 2, D);
        assertThatThrownBy(() -> index.add(2, x)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> index.search(1, x, 1, new float[1], new long[1]))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new IndexIVFFlat(new IndexFlatL2(D + 1), D, NLIST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("quantizer.d()");
    }
}
