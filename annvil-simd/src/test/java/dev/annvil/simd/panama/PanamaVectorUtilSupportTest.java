package dev.annvil.simd.panama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.annvil.simd.ScalarVectorUtilSupport;
import dev.annvil.simd.VectorUtil;
import dev.annvil.simd.VectorUtilSupport;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Panama kernel against the scalar reference, on awkward dimensions (tails shorter than a
 * vector, longer than the unrolled loop), non-zero offsets and block shapes with tails. Random
 * data is seeded; the seed is in every assertion message. Floats are compared with a tolerance
 * that grows with d (the summation order differs); small-integer data, whose sums are exact in
 * float, is compared exactly to catch indexing mistakes the tolerance could hide.
 */
class PanamaVectorUtilSupportTest {
    private static final long SEED = Long.getLong("annvil.test.seed", 0x5EED_A11CEL);
    /** Small nx take the unpacked path of dotProductBlock, nx >= 64 the packed GEMM microkernel. */
    private static final int[] NX = {1, 5, 13, 64, 67};

    private static final int[] NY = {1, 31, 33, 100};
    private static final int OFF = 7;
    private static final int SENTINELS = 3;

    private final VectorUtilSupport panama = new PanamaVectorUtilSupport();
    private final VectorUtilSupport scalar = new ScalarVectorUtilSupport();

    /** Random floats in [-1, 1), or small integers in [-4, 4] when exact. Padding is random too. */
    private static float[] data(Random rnd, int length, boolean exact) {
        float[] a = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = exact ? rnd.nextInt(9) - 4 : rnd.nextFloat() * 2 - 1;
        }
        return a;
    }

    /** float error bound for a length-d sum of products, with a margin: about 1e-7 * d relative. */
    private static float tolerance(float[] a, int aOff, float[] b, int bOff, int d, boolean l2) {
        double sumAbs = 0;
        for (int j = 0; j < d; j++) {
            double t = l2 ? a[aOff + j] - b[bOff + j] : a[aOff + j];
            sumAbs += l2 ? t * t : Math.abs(t * b[bOff + j]);
        }
        return (float) (1.2e-7 * (d + 2) * sumAbs + 1e-30);
    }

    private static void assertClose(float actual, float expected, float tol, boolean exact, String what) {
        if (exact) {
            assertThat(actual).as(what).isEqualTo(expected);
        } else {
            assertThat(actual).as(what).isCloseTo(expected, offset(tol));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 127, 784, 1021})
    void singleVectorKernelsMatchScalar(int d) {
        for (boolean exact : new boolean[] {false, true}) {
            long seed = SEED ^ d;
            Random rnd = new Random(seed);
            for (int trial = 0; trial < 20; trial++) {
                int aOff = rnd.nextInt(OFF + 1), bOff = rnd.nextInt(OFF + 1);
                float[] a = data(rnd, aOff + d + OFF, exact), b = data(rnd, bOff + d + OFF, exact);
                String what = "seed=" + seed + " d=" + d + " trial=" + trial + " exact=" + exact;
                assertClose(
                        panama.dotProduct(a, aOff, b, bOff, d),
                        scalar.dotProduct(a, aOff, b, bOff, d),
                        tolerance(a, aOff, b, bOff, d, false),
                        exact,
                        "dotProduct " + what);
                assertClose(
                        panama.squareDistance(a, aOff, b, bOff, d),
                        scalar.squareDistance(a, aOff, b, bOff, d),
                        tolerance(a, aOff, b, bOff, d, true),
                        exact,
                        "squareDistance " + what);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 127, 784, 1021})
    void batchKernelsMatchScalar(int d) {
        for (boolean exact : new boolean[] {false, true}) {
            for (int n : new int[] {1, 3, 4, 5, 13, 100}) {
                long seed = SEED ^ (d * 1000L + n);
                Random rnd = new Random(seed);
                int xOff = 3, yOff = 5, outOff = 2;
                float[] x = data(rnd, xOff + d + OFF, exact);
                float[] y = data(rnd, yOff + n * d + OFF, exact);
                String what = "seed=" + seed + " d=" + d + " n=" + n + " exact=" + exact;
                for (boolean l2 : new boolean[] {false, true}) {
                    float[] got = new float[outOff + n + SENTINELS];
                    float[] want = new float[n];
                    Arrays.fill(got, Float.NaN);
                    if (l2) {
                        panama.squareDistanceBatch(x, xOff, y, yOff, n, d, got, outOff);
                        scalar.squareDistanceBatch(x, xOff, y, yOff, n, d, want, 0);
                    } else {
                        panama.dotProductBatch(x, xOff, y, yOff, n, d, got, outOff);
                        scalar.dotProductBatch(x, xOff, y, yOff, n, d, want, 0);
                    }
                    String kernel = (l2 ? "squareDistanceBatch " : "dotProductBatch ") + what;
                    for (int i = 0; i < n; i++) {
                        float tol = tolerance(x, xOff, y, yOff + i * d, d, l2);
                        assertClose(got[outOff + i], want[i], tol, exact, kernel + " i=" + i);
                    }
                    assertSentinels(got, 0, outOff, kernel);
                    assertSentinels(got, outOff + n, got.length, kernel);
                }
            }
        }
    }

    /** The gather kernels of graph search: four vectors at scattered (and repeated) offsets. */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 127, 784, 1021})
    void gatherKernelsMatchScalar(int d) {
        for (boolean exact : new boolean[] {false, true}) {
            long seed = SEED ^ (d * 31L + 4);
            Random rnd = new Random(seed);
            int rows = 9;
            float[] x = data(rnd, 3 + d + OFF, exact);
            float[] y = data(rnd, rows * d + OFF, exact);
            for (int trial = 0; trial < 10; trial++) {
                int[] off = new int[4];
                for (int i = 0; i < 4; i++) {
                    off[i] = rnd.nextInt(rows) * d + rnd.nextInt(OFF);
                }
                String what = "seed=" + seed + " d=" + d + " trial=" + trial + " exact=" + exact;
                for (boolean l2 : new boolean[] {false, true}) {
                    float[] got = new float[2 + 4 + SENTINELS];
                    Arrays.fill(got, Float.NaN);
                    if (l2) {
                        panama.squareDistance4(x, 3, y, off[0], off[1], off[2], off[3], d, got, 2);
                    } else {
                        panama.dotProduct4(x, 3, y, off[0], off[1], off[2], off[3], d, got, 2);
                    }
                    String kernel = (l2 ? "squareDistance4 " : "dotProduct4 ") + what;
                    for (int i = 0; i < 4; i++) {
                        float want =
                                l2 ? scalar.squareDistance(x, 3, y, off[i], d) : scalar.dotProduct(x, 3, y, off[i], d);
                        float tol = tolerance(x, 3, y, off[i], d, l2);
                        assertClose(got[2 + i], want, tol, exact, kernel + " i=" + i);
                    }
                    assertSentinels(got, 0, 2, kernel);
                    assertSentinels(got, 6, got.length, kernel);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 127, 784, 1021})
    void blockKernelMatchesScalar(int d) {
        for (boolean exact : new boolean[] {false, true}) {
            for (int nx : NX) {
                for (int ny : NY) {
                    long seed = SEED ^ (d * 1_000_000L + nx * 1000L + ny);
                    Random rnd = new Random(seed);
                    int xOff = 1 + rnd.nextInt(OFF), yOff = 1 + rnd.nextInt(OFF);
                    float[] x = data(rnd, xOff + nx * d + OFF, exact);
                    float[] y = data(rnd, yOff + ny * d + OFF, exact);
                    float[] got = new float[nx * ny + SENTINELS];
                    Arrays.fill(got, Float.NaN);
                    float[] want = new float[nx * ny];
                    panama.dotProductBlock(x, xOff, nx, y, yOff, ny, d, got);
                    scalar.dotProductBlock(x, xOff, nx, y, yOff, ny, d, want);
                    String what =
                            "dotProductBlock seed=" + seed + " d=" + d + " nx=" + nx + " ny=" + ny + " exact=" + exact;
                    for (int i = 0; i < nx; i++) {
                        for (int j = 0; j < ny; j++) {
                            float tol = tolerance(x, xOff + i * d, y, yOff + j * d, d, false);
                            assertClose(got[i * ny + j], want[i * ny + j], tol, exact, what + " i=" + i + " j=" + j);
                        }
                    }
                    assertSentinels(got, nx * ny, got.length, what);
                }
            }
        }
    }

    /** The packing scratch is reused: a large block, then a smaller one, must not see stale data. */
    @Test
    void blockKernelReusesScratchSafely() {
        Random rnd = new Random(SEED);
        int d = 33;
        float[] big = data(rnd, 300 * d, false);
        int nx = 70;
        float[] x = data(rnd, nx * d, true);
        panama.dotProductBlock(x, 0, nx, big, 0, 300, d, new float[nx * 300]);
        float[] y = data(rnd, 17 * d, true);
        float[] got = new float[nx * 17];
        float[] want = new float[nx * 17];
        panama.dotProductBlock(x, 0, nx, y, 0, 17, d, got);
        scalar.dotProductBlock(x, 0, nx, y, 0, 17, d, want);
        assertThat(got).as("seed=" + SEED).containsExactly(want);
    }

    @Test
    void emptyShapesWriteNothing() {
        float[] out = {Float.NaN};
        panama.dotProductBlock(new float[4], 0, 0, new float[4], 0, 1, 4, out);
        panama.dotProductBlock(new float[4], 0, 1, new float[4], 0, 0, 4, out);
        panama.dotProductBatch(new float[4], 0, new float[4], 0, 0, 4, out, 0);
        assertThat(out[0]).isNaN();
        float[] zeros = new float[2];
        panama.dotProductBlock(new float[0], 0, 1, new float[0], 0, 2, 0, zeros);
        assertThat(zeros).containsExactly(0f, 0f);
        assertThat(panama.squareDistance(new float[0], 0, new float[0], 0, 0)).isZero();
    }

    @Test
    void nameReportsVectorWidth() {
        assertThat(panama.name()).matches("panama\\((128|256|512)-bit\\)");
    }

    /** The facade loads this module's kernels, unless -Dannvil.vectorization=scalar forced scalar. */
    @Test
    void facadeChoosesPanamaUnlessForcedScalar() {
        String forced = System.getProperty(VectorUtil.PROPERTY, "");
        String expected = forced.equalsIgnoreCase("scalar") ? "scalar" : "panama";
        assertThat(VectorUtil.support().name()).startsWith(expected);
    }

    private static void assertSentinels(float[] out, int from, int to, String what) {
        for (int i = from; i < to; i++) {
            assertThat(out[i]).as(what + ": wrote out of range at " + i).isNaN();
        }
    }
}
