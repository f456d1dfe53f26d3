package dev.annvil.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.impl.ScalarQuantizer.RangeStat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Codecs, code sizes, error bounds and distance computers of ScalarQuantizer; seeded. */
class ScalarQuantizerTest {
    private static final long SEED = 0x5CA1AL;

    private static float[] uniform(long seed, int n, int d, float lo, float hi) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo + (hi - lo) * r.nextFloat();
        }
        return x;
    }

    @Test
    void ordinalsAndCodeSizesAreFaiss() {
        assertThat(QuantizerType.QT_8bit.ordinal()).isZero();
        assertThat(QuantizerType.QT_6bit.ordinal()).isEqualTo(6);
        assertThat(QuantizerType.QT_8bit_direct_signed.ordinal()).isEqualTo(8);
        assertThat(QuantizerType.fromFaiss(4)).isEqualTo(QuantizerType.QT_fp16);
        assertThat(RangeStat.RS_optim.ordinal()).isEqualTo(3);
        int d = 13;
        assertThat(new ScalarQuantizer(d, QuantizerType.QT_8bit).codeSize()).isEqualTo(13);
        assertThat(new ScalarQuantizer(d, QuantizerType.QT_4bit).codeSize()).isEqualTo(7);
        assertThat(new ScalarQuantizer(d, QuantizerType.QT_6bit).codeSize()).isEqualTo(10);
        assertThat(new ScalarQuantizer(d, QuantizerType.QT_fp16).codeSize()).isEqualTo(26);
        assertThat(new ScalarQuantizer(d, QuantizerType.QT_bf16).codeSize()).isEqualTo(26);
        ScalarQuantizer sq = new ScalarQuantizer(d, QuantizerType.QT_8bit);
        sq.train(10, uniform(1, 10, d, 0, 1));
        assertThat(sq.getTrained()).hasSize(2 * d);
        ScalarQuantizer u = new ScalarQuantizer(d, QuantizerType.QT_4bit_uniform);
        u.train(10, uniform(1, 10, d, 0, 1));
        assertThat(u.getTrained()).hasSize(2);
    }

    /** |decode(encode(x)) - x| per component, within half a cell (range types) or the format's precision. */
    @ParameterizedTest
    @EnumSource(QuantizerType.class)
    void roundTripErrorIsBounded(QuantizerType qtype) {
        int d = 19, n = 300;
        long seed = SEED + qtype.ordinal();
        boolean direct = qtype == QuantizerType.QT_8bit_direct || qtype == QuantizerType.QT_8bit_direct_signed;
        float[] x = uniform(seed, n, d, -3, 5);
        if (direct) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) Math.floor(x[i] * 25) + (qtype == QuantizerType.QT_8bit_direct ? 100 : 0);
            }
        }
        ScalarQuantizer sq = new ScalarQuantizer(d, qtype);
        sq.train(n, x);
        byte[] codes = sq.computeCodes(n, x);
        assertThat(codes).hasSize(n * sq.codeSize());
        float[] y = new float[n * d];
        sq.decode(n, codes, y);
        float[] t = sq.getTrained();
        for (int i = 0; i < n * d; i++) {
            int j = i % d;
            double bound = switch (qtype) {
                case QT_fp16 -> Math.abs(x[i]) * 0x1p-11 + 1e-7;
                case QT_bf16 -> Math.abs(x[i]) * 0x1p-8 + 1e-30;
                case QT_8bit_direct, QT_8bit_direct_signed -> 0;
                default -> {
                    float vdiff = qtype.uniform() ? t[1] : t[d + j];
                    // one cell is vdiff / (2^bits - 1); decoding returns its centre
                    yield vdiff / ((1 << qtype.bits()) - 1) * 0.5 * 1.0001 + 1e-6;
                }
            };
            assertThat((double) y[i])
                    .as("seed=%d %s component %d", seed, qtype, i)
                    .isCloseTo(x[i], within(bound));
        }
    }

    /** Hand-checked codes: cell centres, nibble order, 6-bit layout, fp16 and bf16 bits. */
    @Test
    void codecLayouts() {
        ScalarQuantizer sq4 = new ScalarQuantizer(3, QuantizerType.QT_4bit_uniform);
        sq4.setTrained(new float[] {0f, 15f});
        byte[] c = new byte[2];
        sq4.encode(new float[] {1.5f, 14.9f, 15f}, 0, c, 0);
        assertThat(c).containsExactly((byte) 0xE1, (byte) 0x0F);
        float[] y = new float[3];
        sq4.decode(c, 0, y, 0);
        assertThat(y).containsExactly(1.5f, 14.5f, 15.5f);

        ScalarQuantizer sq6 = new ScalarQuantizer(4, QuantizerType.QT_6bit);
        float[] t = new float[8];
        java.util.Arrays.fill(t, 4, 8, 63f);
        sq6.setTrained(t);
        byte[] c6 = new byte[3];
        sq6.encode(new float[] {1, 2, 3, 63}, 0, c6, 0);
        // 1 | 2 << 6 | 3 << 12 | 63 << 18, little-endian
        int packed = 1 | 2 << 6 | 3 << 12 | 63 << 18;
        assertThat(c6).containsExactly((byte) packed, (byte) (packed >> 8), (byte) (packed >> 16));

        ScalarQuantizer fp16 = new ScalarQuantizer(2, QuantizerType.QT_fp16);
        byte[] h = new byte[4];
        fp16.encode(new float[] {1f, -2f}, 0, h, 0);
        assertThat(h).containsExactly((byte) 0x00, (byte) 0x3C, (byte) 0x00, (byte) 0xC0);
        ScalarQuantizer bf16 = new ScalarQuantizer(1, QuantizerType.QT_bf16);
        byte[] b = new byte[2];
        bf16.encode(new float[] {Float.intBitsToFloat(0x3F80_8000)}, 0, b, 0); // a tie: rounds up
        assertThat(b).containsExactly((byte) 0x81, (byte) 0x3F);
    }

    /** The distance computers equal the distances to the decoded vectors. */
    @ParameterizedTest
    @EnumSource(QuantizerType.class)
    void distanceComputerMatchesDecoded(QuantizerType qtype) {
        int d = 37, n = 200;
        long seed = SEED + 50 + qtype.ordinal();
        float[] x = uniform(seed, n, d, -1, 2);
        if (qtype == QuantizerType.QT_8bit_direct) {
            for (int i = 0; i < x.length; i++) {
                x[i] = x[i] * 80 + 90;
            }
        }
        ScalarQuantizer sq = new ScalarQuantizer(d, qtype);
        sq.train(n, x);
        byte[] codes = sq.computeCodes(n, x);
        float[] y = new float[n * d];
        sq.decode(n, codes, y);
        float[] q = uniform(seed + 1, 1, d, -1, 2);
        for (MetricType metric : MetricType.values()) {
            FlatCodesDistanceComputer dc = sq.distanceComputer(metric);
            dc.setQuery(q, 0);
            float[] out = new float[n];
            dc.distancesToCodes(codes, 0, n, out, 0);
            for (int i = 0; i < n; i++) {
                double want = 0, mag = 0;
                for (int j = 0; j < d; j++) {
                    double a = q[j], b = y[i * d + j];
                    want += metric == MetricType.L2 ? (a - b) * (a - b) : a * b;
                    mag += metric == MetricType.L2 ? (a - b) * (a - b) : Math.abs(a * b);
                }
                assertThat((double) out[i])
                        .as("seed=%d %s %s i=%d", seed, qtype, metric, i)
                        .isCloseTo(want, within(2e-5 * (mag + 1)));
            }
        }
    }
}
