package dev.annvil;

import static dev.annvil.IndexIVFFlatTest.D;
import static dev.annvil.IndexIVFFlatTest.NLIST;
import static dev.annvil.IndexIVFFlatTest.SEED;
import static dev.annvil.IndexIVFFlatTest.clustered;
import static dev.annvil.IndexIVFFlatTest.search;
import static dev.annvil.IndexIVFFlatTest.trained;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annvil.invlists.DirectMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** IndexIVF's mutations: training, direct map, removal, merging and cancellation. */
class IndexIVFTest {

    private static float[] row(float[] x, int i) {
        return Arrays.copyOfRange(x, i * D, (i + 1) * D);
    }

    @Test
    void trainsWithAsFewPointsAsLists() {
        float[] x = clustered(SEED, NLIST * 3 / 2, D);
        for (int n : new int[] {NLIST, NLIST * 3 / 2}) {
            IndexIVFFlat index = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
            index.train(n, x);
            assertThat(index.isTrained()).isTrue();
            assertThat(index.quantizer().ntotal()).isEqualTo(NLIST);
            index.add(n, x);
            index.setNprobe(NLIST);
            long[] labels = search(index, x, n, 1, null);
            for (int i = 0; i < n; i++) {
                assertThat(labels[i]).as("n=%d vector %d finds itself", n, i).isEqualTo(i);
            }
        }
        IndexIVFFlat tooFew = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
        assertThatThrownBy(() -> tooFew.train(NLIST - 1, x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least as large as number of clusters");
        assertThat(tooFew.isTrained()).isFalse();
    }

    @Test
    void ivfDefaultsAreFaiss() {
        IndexIVFFlat l2 = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
        assertThat(l2.nprobe()).isEqualTo(1);
        assertThat(l2.maxCodes()).isZero();
        assertThat(l2.cp().niter()).isEqualTo(10);
        assertThat(l2.cp().spherical()).isFalse();
        assertThat(l2.byResidual()).isFalse();
        assertThat(l2.codeSize()).isEqualTo(4 * D);
        assertThat(l2.directMap().type()).isEqualTo(DirectMap.Type.NO_MAP);
        IndexIVFFlat ip = new IndexIVFFlat(new IndexFlatIP(D), D, NLIST, MetricType.INNER_PRODUCT);
        assertThat(ip.cp().spherical()).isTrue();
    }

    @Test
    void directMapsReconstructAndRemove() {
        float[] xb = clustered(SEED, 800, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 800);
        index.add(800, xb);
        float[] v = new float[D];
        assertThatThrownBy(() -> index.reconstruct(3, v))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("direct map");
        index.makeDirectMap(true);
        index.reconstruct(3, v);
        assertThat(v).containsExactly(row(xb, 3));
        assertThatThrownBy(() -> index.reconstruct(800, v)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> index.removeIds(IDSelector.batch(1)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> index.addWithIds(1, row(xb, 0), new long[] {5000}))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(index.ntotal()).isEqualTo(800);

        // hashtable: removal by batch (O(1) per id) and by any selector (list scan)
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        assertThat(index.removeIds(IDSelector.batch(3, 10, 99999))).isEqualTo(2);
        assertThat(index.removeIds(IDSelector.range(100, 200))).isEqualTo(100);
        assertThat(index.ntotal()).isEqualTo(698);
        assertThat(index.invlists().computeNtotal()).isEqualTo(698);
        assertThatThrownBy(() -> index.reconstruct(150, v)).isInstanceOf(IllegalArgumentException.class);
        for (int i : new int[] {0, 4, 99, 200, 799}) {
            index.reconstruct(i, v);
            assertThat(v).as("id %d after removals", i).containsExactly(row(xb, i));
        }
        // ids are not renumbered: vector 500 is still found as 500
        index.setNprobe(NLIST);
        assertThat(search(index, row(xb, 500), 1, 1, null)[0]).isEqualTo(500);
        // no map: removal scans the lists
        index.makeDirectMap(false);
        assertThat(index.removeIds(id -> id >= 700)).isEqualTo(100);
        assertThat(index.ntotal()).isEqualTo(598);
        long[] labels = search(index, row(xb, 750), 1, 50, null);
        assertThat(Arrays.stream(labels).allMatch(l -> l < 700 && !(l >= 100 && l < 200) && l != 3 && l != 10))
                .isTrue();
        // ARRAY needs sequential ids again
        assertThatThrownBy(() -> index.makeDirectMap(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sequential");
    }

    @Test
    void addWithIdsAndReconstructN() {
        float[] xb = clustered(SEED, 300, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 300);
        long[] ids = new long[300];
        for (int i = 0; i < 300; i++) {
            ids[i] = 10_000L + 3L * i;
        }
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        index.addWithIds(300, xb, ids);
        index.setNprobe(NLIST);
        assertThat(search(index, row(xb, 7), 1, 1, null)[0]).isEqualTo(10_021L);
        float[] v = new float[D];
        index.reconstruct(10_021L, v);
        assertThat(v).containsExactly(row(xb, 7));

        IndexIVFFlat seq = trained(MetricType.L2, xb, 300);
        seq.add(300, xb);
        float[] out = new float[5 * D];
        seq.reconstructN(40, 5, out);
        assertThat(out).containsExactly(Arrays.copyOfRange(xb, 40 * D, 45 * D));
    }

    @Test
    void mergeFromMovesEntries() {
        float[] xb = clustered(SEED, 1000, D);
        IndexIVFFlat a = trained(MetricType.L2, xb, 1000);
        IndexFlatL2 q2 = new IndexFlatL2(D);
        float[] centroids = new float[NLIST * D];
        a.quantizer().reconstructN(0, NLIST, centroids);
        q2.add(NLIST, centroids);
        IndexIVFFlat b = new IndexIVFFlat(q2, D, NLIST);
        assertThat(b.isTrained()).isTrue();
        a.add(600, xb);
        b.add(400, Arrays.copyOfRange(xb, 600 * D, 1000 * D));
        a.mergeFrom(b, 600);
        assertThat(a.ntotal()).isEqualTo(1000);
        assertThat(b.ntotal()).isZero();
        assertThat(b.invlists().computeNtotal()).isZero();
        IndexIVFFlat all = trained(MetricType.L2, xb, 1000);
        all.add(1000, xb);
        a.setNprobe(4);
        all.setNprobe(4);
        float[] xq = clustered(SEED + 9, 20, D);
        assertThat(search(a, xq, 20, 10, null)).containsExactly(search(all, xq, 20, 10, null));

        IndexIVFFlat other = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
        other.train(1000, clustered(SEED + 1, 1000, D));
        assertThatThrownBy(() -> a.mergeFrom(other, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("coarse quantizers");
        a.makeDirectMap(true);
        assertThatThrownBy(() -> a.mergeFrom(b, 0)).hasMessageContaining("direct map");
        assertThatThrownBy(() -> a.mergeFrom(a, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelledTrainingLeavesTheIndexUntrained() {
        float[] xt = clustered(SEED, 1000, D);
        IndexIVFFlat index = new IndexIVFFlat(new IndexFlatL2(D), D, NLIST);
        List<Double> seen = new ArrayList<>();
        assertThatThrownBy(() -> index.train(1000, xt, (phase, f) -> {
                    seen.add(f);
                    if (seen.size() == 4) {
                        throw new CancellationException("stop");
                    }
                }))
                .isInstanceOf(CancellationException.class);
        assertThat(index.isTrained()).isFalse();
        assertThat(index.quantizer().ntotal()).isZero();
        assertThat(seen).hasSize(4).isSorted().allMatch(f -> f > 0 && f <= 1);
        List<Double> all = new ArrayList<>();
        index.train(1000, xt, (phase, f) -> all.add(f));
        assertThat(all).hasSize(10).last().isEqualTo(1.0);
        assertThat(index.isTrained()).isTrue();
    }

    @Test
    void cancelledAddLeavesTheIndexUntouched() {
        int n = 5000;
        float[] xb = clustered(SEED, n, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 2000);
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        index.add(100, xb);
        int[] sizes = new int[NLIST];
        for (int l = 0; l < NLIST; l++) {
            sizes[l] = index.getListSize(l);
        }
        List<Double> seen = new ArrayList<>();
        assertThatThrownBy(() -> index.add(n, xb, (phase, f) -> {
                    seen.add(f);
                    if (f > 0.5) {
                        throw new CancellationException("stop");
                    }
                }))
                .isInstanceOf(CancellationException.class);
        assertThat(seen.size()).isGreaterThan(2);
        assertThat(index.ntotal()).isEqualTo(100);
        for (int l = 0; l < NLIST; l++) {
            assertThat(index.getListSize(l)).as("list %d", l).isEqualTo(sizes[l]);
        }
        assertThatThrownBy(() -> index.reconstruct(100, new float[D])).isInstanceOf(IllegalArgumentException.class);
        index.add(n, xb);
        assertThat(index.ntotal()).isEqualTo(100 + n);
        float[] v = new float[D];
        index.reconstruct(100 + 4321, v);
        assertThat(v).containsExactly(row(xb, 4321));
    }

    @Test
    void resetKeepsTraining() {
        float[] xb = clustered(SEED, 500, D);
        IndexIVFFlat index = trained(MetricType.L2, xb, 500);
        index.makeDirectMap(true);
        index.add(500, xb);
        assertThat(index.ramBytesUsed()).isGreaterThan(500L * D * 4);
        index.reset();
        assertThat(index.ntotal()).isZero();
        assertThat(index.isTrained()).isTrue();
        index.add(10, xb);
        float[] v = new float[D];
        index.reconstruct(9, v);
        assertThat(v).containsExactly(row(xb, 9));
    }
}
