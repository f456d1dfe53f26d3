package dev.annvil.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.MetricType;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Code packing, training, encoding and ADC of ProductQuantizer; seeded, seed in the messages. */
class ProductQuantizerTest {
    private static final long SEED = 0x9E3779B9L;

    private static float[] gaussian(long seed, int n, int d) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    /** Packing against a bit-by-bit reference: bit b of sub-code m is stream bit m * nbits + b, LSB first. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 5, 6, 7, 8, 9, 12, 13, 16})
    void packingIsLsbFirstBitStream(int nbits) {
        Random r = new Random(SEED + nbits);
        for (int M : new int[] {1, 2, 3, 5, 7, 8, 16}) {
            int[] values = new int[M];
            for (int m = 0; m < M; m++) {
                values[m] = r.nextInt(1 << nbits);
            }
            int cs = PQCodePacker.codeSize(M, nbits);
            assertThat(cs).isEqualTo((M * nbits + 7) / 8);
            byte[] code = new byte[cs + 2];
            code[0] = (byte) 0xAB; // neighbours must survive
            code[cs + 1] = (byte) 0xCD;
            PQCodePacker.pack(values, M, nbits, code, 1);
            byte[] want = new byte[cs];
            for (int m = 0; m < M; m++) {
                for (int b = 0; b < nbits; b++) {
                    if ((values[m] >> b & 1) != 0) {
                        int bit = m * nbits + b;
                        want[bit / 8] |= (byte) (1 << (bit % 8));
                    }
                }
            }
            String what = "seed=" + (SEED + nbits) + " nbits=" + nbits + " M=" + M;
            for (int i = 0; i < cs; i++) {
                assertThat(code[1 + i]).as(what + " byte " + i).isEqualTo(want[i]);
            }
            assertThat(code[0]).isEqualTo((byte) 0xAB);
            assertThat(code[cs + 1]).isEqualTo((byte) 0xCD);
            int[] back = new int[M];
            PQCodePacker.unpack(code, 1, M, nbits, back);
            assertThat(back).as(what).containsExactly(values);
        }
    }

    @Test
    void derivedSizes() {
        ProductQuantizer pq = new ProductQuantizer(12, 4, 6);
        assertThat(pq.dsub()).isEqualTo(3);
        assertThat(pq.ksub()).isEqualTo(64);
        assertThat(pq.codeSize()).isEqualTo(3);
        assertThat(pq.getCentroids()).hasSize(12 * 64);
        assertThatThrownBy(() -> new ProductQuantizer(10, 4, 8)).hasMessageContaining("d=10");
        assertThatThrownBy(() -> new ProductQuantizer(8, 4, 17)).hasMessageContaining("nbits=17");
    }

    /** ADC distances from the tables equal the distances to the decoded vectors. */
    @ParameterizedTest
    @ValueSource(ints = {4, 5, 6, 7, 8})
    void adcEqualsDistanceToDecoded(int nbits) {
        int d = 24, M = 6, n = 1200, nq = 5;
        long seed = SEED + 100 + nbits;
        float[] x = gaussian(seed, n, d);
        ProductQuantizer pq = new ProductQuantizer(d, M, nbits);
        pq.setCp(pq.cp().withNiter(8));
        pq.train(n, x);
        byte[] codes = pq.computeCodes(n, x);
        float[] decoded = new float[n * d];
        pq.decode(n, codes, decoded);
        float[] q = gaussian(seed + 1, nq, d);
        float[] table = new float[M * pq.ksub()];
        float[] batch = new float[n + 1];
        for (MetricType metric : MetricType.values()) {
            FlatCodesDistanceComputer dc = pq.distanceComputer(metric);
            for (int qi = 0; qi < nq; qi++) {
                if (metric == MetricType.L2) {
                    pq.computeDistanceTable(q, qi * d, table);
                } else {
                    pq.computeInnerProdTable(q, qi * d, table);
                }
                dc.setQuery(q, qi * d);
                dc.distancesToCodes(codes, 0, n, batch, 1);
                for (int i = 0; i < n; i++) {
                    double want = 0;
                    for (int j = 0; j < d; j++) {
                        double a = q[qi * d + j], b = decoded[i * d + j];
                        want += metric == MetricType.L2 ? (a - b) * (a - b) : a * b;
                    }
                    String what = "seed=" + seed + " nbits=" + nbits + " " + metric + " q=" + qi + " i=" + i;
                    float adc = pq.distanceFromTable(table, codes, i * pq.codeSize());
                    assertThat((double) adc).as(what).isCloseTo(want, within(1e-4 * (1 + Math.abs(want))));
                    assertThat(batch[1 + i]).as(what).isEqualTo(adc);
                }
            }
        }
    }

    /** Each sub-code is the nearest centroid of its sub-vector; training lowers the error with nbits. */
    @Test
    void codesAreNearestCentroidsAndErrorShrinksWithNbits() {
        int d = 16, M = 4, n = 2000;
        float[] x = gaussian(SEED + 7, n, d);
        double previous = Double.MAX_VALUE;
        for (int nbits : new int[] {4, 6, 8}) {
            ProductQuantizer pq = new ProductQuantizer(d, M, nbits);
            pq.train(n, x);
            byte[] codes = pq.computeCodes(n, x);
            float[] c = pq.getCentroids();
            double err = 0;
            float[] rec = new float[d];
            for (int i = 0; i < n; i += 37) {
                pq.decode(codes, i * pq.codeSize(), rec, 0);
                for (int m = 0; m < M; m++) {
                    int code = PQCodePacker.get(codes, i * pq.codeSize(), pq.codeSize(), nbits, m);
                    double best = Double.MAX_VALUE;
                    for (int k = 0; k < pq.ksub(); k++) {
                        double s = 0;
                        for (int j = 0; j < pq.dsub(); j++) {
                            double t = x[i * d + m * pq.dsub() + j] - c[(m * pq.ksub() + k) * pq.dsub() + j];
                            s += t * t;
                        }
                        best = Math.min(best, s);
                    }
                    double got = 0;
                    for (int j = 0; j < pq.dsub(); j++) {
                        double t = x[i * d + m * pq.dsub() + j] - rec[m * pq.dsub() + j];
                        got += t * t;
                    }
                    assertThat(got)
                            .as("nbits=%d i=%d m=%d code=%d", nbits, i, m, code)
                            .isCloseTo(best, within(1e-4));
                    err += got;
                }
            }
            assertThat(err).as("nbits=" + nbits).isLessThan(previous);
            previous = err;
        }
    }

    @Test
    void trainingNeedsKsubPoints() {
        ProductQuantizer pq = new ProductQuantizer(8, 2, 8);
        assertThatThrownBy(() -> pq.train(100, gaussian(1, 100, 8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("256");
    }
}
