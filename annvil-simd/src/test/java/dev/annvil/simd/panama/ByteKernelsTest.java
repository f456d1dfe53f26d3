package dev.annvil.simd.panama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.annvil.simd.ScalarVectorUtilSupport;
import dev.annvil.simd.VectorUtilSupport;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The unsigned-byte kernels of 8-bit scalar quantization (squareDistanceU8, dotProductU8), Panama
 * against scalar on awkward dimensions and offsets, with bytes over the whole 0 .. 255 range (so
 * a sign-extension mistake shows). Random floats are compared with a tolerance growing with d;
 * small-integer data, whose sums are exact in float, exactly.
 */
class ByteKernelsTest {
    private static final long SEED = Long.getLong("annvil.test.seed", 0xB17E5L);

    private final VectorUtilSupport panama = new PanamaVectorUtilSupport();
    private final VectorUtilSupport scalar = new ScalarVectorUtilSupport();

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 127, 784, 1021})
    void byteKernelsMatchScalar(int d) {
        for (boolean exact : new boolean[] {false, true}) {
            long seed = SEED ^ d;
            Random rnd = new Random(seed);
            for (int trial = 0; trial < 20; trial++) {
                int xOff = rnd.nextInt(8), cOff = rnd.nextInt(8);
                float[] x = new float[xOff + d + 5];
                float[] scale = new float[d + 5];
                byte[] codes = new byte[cOff + d + 5];
                rnd.nextBytes(codes);
                for (int j = 0; j < scale.length; j++) {
                    scale[j] = exact ? rnd.nextInt(2) : rnd.nextFloat() * 2;
                }
                float[] xl2 = new float[x.length];
                for (int j = 0; j < x.length; j++) {
                    x[j] = exact ? rnd.nextInt(9) - 4 : rnd.nextFloat() * 300 - 50;
                    // exact: x_j - scale_j * c_j stays in [-4, 4] when scale_j = 1, so sums are exact
                    int c = j >= xOff && j < xOff + d ? codes[cOff + j - xOff] & 0xFF : 0;
                    float s = j >= xOff && j < xOff + d ? scale[j - xOff] : 0;
                    xl2[j] = exact ? s * c + x[j] : x[j];
                }
                double sumAbsL2 = 0, sumAbsIp = 0;
                for (int j = 0; j < d; j++) {
                    double t = xl2[xOff + j] - scale[j] * (codes[cOff + j] & 0xFF);
                    sumAbsL2 += t * t;
                    sumAbsIp += Math.abs(x[xOff + j] * (codes[cOff + j] & 0xFF));
                }
                String what = "seed=" + seed + " d=" + d + " trial=" + trial + " exact=" + exact;
                float l2 = panama.squareDistanceU8(xl2, xOff, scale, codes, cOff, d);
                float l2want = scalar.squareDistanceU8(xl2, xOff, scale, codes, cOff, d);
                float ip = panama.dotProductU8(x, xOff, codes, cOff, d);
                float ipWant = scalar.dotProductU8(x, xOff, codes, cOff, d);
                if (exact) {
                    assertThat(l2).as("squareDistanceU8 " + what).isEqualTo(l2want);
                    assertThat(ip).as("dotProductU8 " + what).isEqualTo(ipWant);
                } else {
                    assertThat(l2).as("squareDistanceU8 " + what).isCloseTo(l2want, offset((float)
                            (1.2e-7 * (d + 2) * sumAbsL2 + 1e-30)));
                    assertThat(ip).as("dotProductU8 " + what).isCloseTo(ipWant, offset((float)
                            (1.2e-7 * (d + 2) * sumAbsIp + 1e-30)));
                }
                // the scalar kernel itself against a double-precision reference
                double ref = 0;
                for (int j = 0; j < d; j++) {
                    ref += (double) x[xOff + j] * (codes[cOff + j] & 0xFF);
                }
                assertThat((double) ipWant)
                        .as("scalar dotProductU8 " + what)
                        .isCloseTo(ref, offset(1.2e-7 * (d + 2) * sumAbsIp + 1e-30));
            }
        }
    }
}
