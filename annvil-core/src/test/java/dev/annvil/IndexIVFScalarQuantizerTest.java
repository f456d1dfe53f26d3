package dev.annvil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.simd.VectorUtil;
import org.junit.jupiter.api.Test;

/** IndexIVFScalarQuantizer: distances to reconstructions, residual vs direct encoding, training state. */
class IndexIVFScalarQuantizerTest {
    static final long SEED = 777;
    static final int D = 24;
    static final int NLIST = 16;
    static final int N = 2000;

    static IndexIVFScalarQuantizer trained(MetricType metric, QuantizerType qtype, boolean byResidual, float[] xb) {
        Index q = metric == MetricType.L2 ? new IndexFlatL2(D) : new IndexFlatIP(D);
        IndexIVFScalarQuantizer index = new IndexIVFScalarQuantizer(q, D, NLIST, qtype, metric, byResidual);
        index.train(N, xb);
        return index;
    }

    @Test
    void distancesAreToTheReconstructedVectors() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        float[] xq = IndexIVFFlatTest.clustered(SEED + 1, 20, D);
        for (MetricType metric : MetricType.values()) {
            for (QuantizerType qtype : new QuantizerType[] {QuantizerType.QT_8bit, QuantizerType.QT_4bit}) {
                for (boolean byResidual : new boolean[] {true, false}) {
                    IndexIVFScalarQuantizer index = trained(metric, qtype, byResidual, xb);
                    index.add(N, xb);
                    index.makeDirectMap(true);
                    int k = 5;
                    float[] dis = new float[20 * k];
                    long[] lab = new long[20 * k];
                    index.search(20, xq, k, dis, lab, new SearchParametersIVF(3));
                    float[] rec = new float[D];
                    for (int i = 0; i < 20 * k; i++) {
                        index.reconstruct(lab[i], rec);
                        float want = metric == MetricType.L2
                                ? VectorUtil.squareDistance(xq, (i / k) * D, rec, 0, D)
                                : VectorUtil.dotProduct(xq, (i / k) * D, rec, 0, D);
                        assertThat(dis[i])
                                .as("%s %s byResidual=%s entry %d seed=%d", metric, qtype, byResidual, i, SEED)
                                .isCloseTo(want, within(1e-3f * Math.max(1, Math.abs(want))));
                    }
                }
            }
        }
    }

    @Test
    void residualsReconstructBetterThanRawVectors() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        double[] err = new double[2];
        for (int r = 0; r < 2; r++) {
            IndexIVFScalarQuantizer index = trained(MetricType.L2, QuantizerType.QT_4bit, r == 0, xb);
            index.add(N, xb);
            float[] rec = new float[N * D];
            index.reconstructN(0, N, rec);
            for (int i = 0; i < N; i++) {
                err[r] += VectorUtil.squareDistance(xb, i * D, rec, i * D, D);
            }
        }
        // residuals have a smaller range, so 16 levels cut it finer
        assertThat(err[0])
                .as("seed=%d residual %f raw %f", SEED, err[0], err[1])
                .isLessThan(err[1]);
    }

    @Test
    void trainingState() {
        IndexFlatL2 q = new IndexFlatL2(D);
        q.add(NLIST, IndexIVFFlatTest.clustered(SEED, NLIST, D));
        IndexIVFScalarQuantizer index = new IndexIVFScalarQuantizer(q, D, NLIST, QuantizerType.QT_8bit, MetricType.L2);
        assertThat(index.byResidual()).isTrue();
        assertThat(index.isTrained())
                .as("the SQ needs training even with a trained quantizer")
                .isFalse();
        assertThat(index.codeSize()).isEqualTo(D);
        assertThatThrownBy(() -> index.add(1, new float[D])).isInstanceOf(IllegalStateException.class);
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        index.train(N, xb);
        assertThat(index.isTrained()).isTrue();
        assertThat(index.sq().getTrained()).hasSize(2 * D);
        assertThat(new IndexIVFScalarQuantizer(new IndexFlatL2(D), D, 4, QuantizerType.QT_fp16, MetricType.L2)
                        .codeSize())
                .isEqualTo(2 * D);
    }

    @Test
    void mergeNeedsTheSameScalarQuantizer() {
        float[] xb = IndexIVFFlatTest.clustered(SEED, N, D);
        IndexIVFScalarQuantizer a = trained(MetricType.L2, QuantizerType.QT_8bit, true, xb);
        IndexFlatL2 q = new IndexFlatL2(D);
        q.add(NLIST, ((IndexFlat) a.quantizer()).getXb());
        IndexIVFScalarQuantizer b =
                new IndexIVFScalarQuantizer(q, D, NLIST, QuantizerType.QT_8bit, MetricType.L2, true);
        b.train(N / 2, xb); // same centroids, ranges from another sample
        assertThatThrownBy(() -> a.mergeFrom(b, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scalar quantizers differ");
        b.sq().setTrained(a.sq().getTrained());
        b.add(10, xb);
        a.mergeFrom(b, 0);
        assertThat(a.ntotal()).isEqualTo(10);
    }
}
