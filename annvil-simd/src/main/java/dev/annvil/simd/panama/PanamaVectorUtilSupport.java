package dev.annvil.simd.panama;

import dev.annvil.simd.VectorUtilSupport;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Distance kernels written with the incubating Panama Vector API ({@code jdk.incubator.vector}),
 * using {@link FloatVector#SPECIES_PREFERRED} (512-bit with AVX-512, 256-bit with AVX2, 128-bit
 * on NEON) and fused multiply-add. Any dimension works: the last {@code d % lanes} components are
 * handled by scalar or masked tails.
 *
 * <p>Shapes and units are those of {@link VectorUtilSupport}: vectors are float32, row-major at an
 * offset, distances are squared L2 and inner products are raw. Results can differ from {@link
 * dev.annvil.simd.ScalarVectorUtilSupport} in the last bits, because the summation order differs.
 *
 * <p>Thread-safe: the only state is per-thread packing scratch for {@link #dotProductBlock}.
 * Needs {@code --add-modules jdk.incubator.vector}; it is found by {@link java.util.ServiceLoader}.
 */
public final class PanamaVectorUtilSupport implements VectorUtilSupport {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    /** Bytes loaded per step of the byte kernels: one per float lane (null below 8 lanes: no 32-bit shape). */
    private static final VectorSpecies<Byte> BYTES =
            LANES >= 8 ? VectorSpecies.of(byte.class, VectorShape.forBitSize(LANES * 8)) : null;

    private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
    /** Columns (database rows) per packed panel of {@link #dotProductBlock}: two vectors. */
    private static final int W = 2 * LANES;
    /**
     * Queries per microkernel call of {@link #dotProductBlock}. Measured on Zen4 (AVX-512, one
     * thread, nx=1024, ny=192, d=784; median GFLOP/s; FMA peak of a register-only loop: 115): packed
     * panel of 2 vectors x R queries: R=4 108, R=6 109, R=8 93, R=10 93, R=12 104; 3 vectors x R=4
     * 108, x6 101, x8 88; 4 vectors x R=4 109, x6 110; 1 vector x 16 69; the alternative, 4x4
     * register-blocked dot products with reduceLanes at the end: 94 (74 at d=128, where the 16
     * reductions weigh more, vs 107 for 2x4). OpenBLAS SGEMM via numpy in the same session: 96-103.
     * 2x4 ties for best (94% of peak), has the smallest tails and uses 8 of 32 vector registers:
     * 8 independent accumulators already cover FMA latency x throughput. Why 2x8 and 2x10 lose is
     * not established (no disassembler here); the 2x4 result held across d=128, 784 and 1021.
     */
    private static final int R = 4;

    /**
     * Below this many queries {@link #dotProductBlock} skips packing (which costs about 0.6 ns per
     * y float) and runs 4 x 4 register-blocked dot products instead. Measured on Zen4, ny=256,
     * GFLOP/s packed / unpacked: d=128: nx=16 52/76, nx=64 83/76, nx=1024 100/75; d=784: nx=16
     * 33/95, nx=64 68/96, nx=256 93/95, nx=1024 98/92; d=1021 (rows 4 KiB apart, so the unpacked
     * kernel's 8 load streams collide in the L1 sets): nx=16 33/60, nx=64 67/60, nx=1024 97/58.
     */
    private static final int PACK_MIN_NX = 64;

    /** Per-thread packed y block of {@link #dotProductBlock}; grown on demand, never shrunk. */
    private static final ThreadLocal<float[]> PACKED = ThreadLocal.withInitial(() -> new float[0]);

    /** Creates the kernels; called by {@link java.util.ServiceLoader}. */
    public PanamaVectorUtilSupport() {}

    @Override
    public String name() {
        return "panama(" + SPECIES.vectorBitSize() + "-bit)";
    }

    @Override
    public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int d) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int j = 0;
        for (; j + 4 * LANES <= d; j += 4 * LANES) {
            int ja = aOffset + j, jb = bOffset + j;
            acc0 = FloatVector.fromArray(SPECIES, a, ja).fma(FloatVector.fromArray(SPECIES, b, jb), acc0);
            acc1 = FloatVector.fromArray(SPECIES, a, ja + LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, jb + LANES), acc1);
            acc2 = FloatVector.fromArray(SPECIES, a, ja + 2 * LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, jb + 2 * LANES), acc2);
            acc3 = FloatVector.fromArray(SPECIES, a, ja + 3 * LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, jb + 3 * LANES), acc3);
        }
        for (; j + LANES <= d; j += LANES) {
            acc0 = FloatVector.fromArray(SPECIES, a, aOffset + j)
                    .fma(FloatVector.fromArray(SPECIES, b, bOffset + j), acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            s = Math.fma(a[aOffset + j], b[bOffset + j], s);
        }
        return s;
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int d) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int j = 0;
        for (; j + 4 * LANES <= d; j += 4 * LANES) {
            int ja = aOffset + j, jb = bOffset + j;
            FloatVector t0 = FloatVector.fromArray(SPECIES, a, ja).sub(FloatVector.fromArray(SPECIES, b, jb));
            FloatVector t1 =
                    FloatVector.fromArray(SPECIES, a, ja + LANES).sub(FloatVector.fromArray(SPECIES, b, jb + LANES));
            FloatVector t2 = FloatVector.fromArray(SPECIES, a, ja + 2 * LANES)
                    .sub(FloatVector.fromArray(SPECIES, b, jb + 2 * LANES));
            FloatVector t3 = FloatVector.fromArray(SPECIES, a, ja + 3 * LANES)
                    .sub(FloatVector.fromArray(SPECIES, b, jb + 3 * LANES));
            acc0 = t0.fma(t0, acc0);
            acc1 = t1.fma(t1, acc1);
            acc2 = t2.fma(t2, acc2);
            acc3 = t3.fma(t3, acc3);
        }
        for (; j + LANES <= d; j += LANES) {
            FloatVector t =
                    FloatVector.fromArray(SPECIES, a, aOffset + j).sub(FloatVector.fromArray(SPECIES, b, bOffset + j));
            acc0 = t.fma(t, acc0);
        }
        float s = acc0.add(acc1).add(acc2.add(acc3)).reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            float t = a[aOffset + j] - b[bOffset + j];
            s = Math.fma(t, t, s);
        }
        return s;
    }

    @Override
    public void squareDistance4(
            float[] x, int xOffset, float[] y, int y0, int y1, int y2, int y3, int d, float[] out, int outOffset) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int j = 0;
        for (; j + LANES <= d; j += LANES) {
            FloatVector q = FloatVector.fromArray(SPECIES, x, xOffset + j);
            FloatVector t0 = q.sub(FloatVector.fromArray(SPECIES, y, y0 + j));
            FloatVector t1 = q.sub(FloatVector.fromArray(SPECIES, y, y1 + j));
            FloatVector t2 = q.sub(FloatVector.fromArray(SPECIES, y, y2 + j));
            FloatVector t3 = q.sub(FloatVector.fromArray(SPECIES, y, y3 + j));
            acc0 = t0.fma(t0, acc0);
            acc1 = t1.fma(t1, acc1);
            acc2 = t2.fma(t2, acc2);
            acc3 = t3.fma(t3, acc3);
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            float q = x[xOffset + j];
            float t0 = q - y[y0 + j], t1 = q - y[y1 + j], t2 = q - y[y2 + j], t3 = q - y[y3 + j];
            s0 = Math.fma(t0, t0, s0);
            s1 = Math.fma(t1, t1, s1);
            s2 = Math.fma(t2, t2, s2);
            s3 = Math.fma(t3, t3, s3);
        }
        out[outOffset] = s0;
        out[outOffset + 1] = s1;
        out[outOffset + 2] = s2;
        out[outOffset + 3] = s3;
    }

    @Override
    public void dotProduct4(
            float[] x, int xOffset, float[] y, int y0, int y1, int y2, int y3, int d, float[] out, int outOffset) {
        FloatVector acc0 = FloatVector.zero(SPECIES);
        FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
        int j = 0;
        for (; j + LANES <= d; j += LANES) {
            FloatVector q = FloatVector.fromArray(SPECIES, x, xOffset + j);
            acc0 = FloatVector.fromArray(SPECIES, y, y0 + j).fma(q, acc0);
            acc1 = FloatVector.fromArray(SPECIES, y, y1 + j).fma(q, acc1);
            acc2 = FloatVector.fromArray(SPECIES, y, y2 + j).fma(q, acc2);
            acc3 = FloatVector.fromArray(SPECIES, y, y3 + j).fma(q, acc3);
        }
        float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
        float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
        for (; j < d; j++) {
            float q = x[xOffset + j];
            s0 = Math.fma(q, y[y0 + j], s0);
            s1 = Math.fma(q, y[y1 + j], s1);
            s2 = Math.fma(q, y[y2 + j], s2);
            s3 = Math.fma(q, y[y3 + j], s3);
        }
        out[outOffset] = s0;
        out[outOffset + 1] = s1;
        out[outOffset + 2] = s2;
        out[outOffset + 3] = s3;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Four rows at a time share each load of x: rows i, i + n/4, i + n/2 and i + 3n/4, so that y
     * is read once as four long sequential streams. When y does not fit in the caches this kernel is
     * bound by memory bandwidth, and four long streams keep more cache-line fetches in flight than
     * one; four adjacent rows (four streams of d floats each, restarting every 4 rows) defeat the
     * hardware prefetchers. Measured on Zen4, squared L2, 60,000 x 784 (188 MB), GB/s: adjacent rows
     * 14, one row at a time 22, quarters 29 (a plain vector sum of the array: 26); y in L3 (2,000
     * rows): 70, 58, 81; y in L2 (256 rows): 100, 69, 94.
     */
    @Override
    public void dotProductBatch(
            float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset) {
        int m = n / 4;
        int stride = m * d;
        for (int i = 0; i < m; i++) {
            int y0 = yOffset + i * d, y1 = y0 + stride, y2 = y1 + stride, y3 = y2 + stride;
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
            int j = 0;
            for (; j + LANES <= d; j += LANES) {
                FloatVector q = FloatVector.fromArray(SPECIES, x, xOffset + j);
                acc0 = FloatVector.fromArray(SPECIES, y, y0 + j).fma(q, acc0);
                acc1 = FloatVector.fromArray(SPECIES, y, y1 + j).fma(q, acc1);
                acc2 = FloatVector.fromArray(SPECIES, y, y2 + j).fma(q, acc2);
                acc3 = FloatVector.fromArray(SPECIES, y, y3 + j).fma(q, acc3);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
            for (; j < d; j++) {
                float q = x[xOffset + j];
                s0 = Math.fma(q, y[y0 + j], s0);
                s1 = Math.fma(q, y[y1 + j], s1);
                s2 = Math.fma(q, y[y2 + j], s2);
                s3 = Math.fma(q, y[y3 + j], s3);
            }
            out[outOffset + i] = s0;
            out[outOffset + i + m] = s1;
            out[outOffset + i + 2 * m] = s2;
            out[outOffset + i + 3 * m] = s3;
        }
        for (int i = 4 * m; i < n; i++) {
            out[outOffset + i] = dotProduct(x, xOffset, y, yOffset + i * d, d);
        }
    }

    /** {@inheritDoc} As {@link #dotProductBatch}: four rows n/4 apart at a time, streaming y once. */
    @Override
    public void squareDistanceBatch(
            float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset) {
        int m = n / 4;
        int stride = m * d;
        for (int i = 0; i < m; i++) {
            int y0 = yOffset + i * d, y1 = y0 + stride, y2 = y1 + stride, y3 = y2 + stride;
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = acc0, acc2 = acc0, acc3 = acc0;
            int j = 0;
            for (; j + LANES <= d; j += LANES) {
                FloatVector q = FloatVector.fromArray(SPECIES, x, xOffset + j);
                FloatVector t0 = q.sub(FloatVector.fromArray(SPECIES, y, y0 + j));
                FloatVector t1 = q.sub(FloatVector.fromArray(SPECIES, y, y1 + j));
                FloatVector t2 = q.sub(FloatVector.fromArray(SPECIES, y, y2 + j));
                FloatVector t3 = q.sub(FloatVector.fromArray(SPECIES, y, y3 + j));
                acc0 = t0.fma(t0, acc0);
                acc1 = t1.fma(t1, acc1);
                acc2 = t2.fma(t2, acc2);
                acc3 = t3.fma(t3, acc3);
            }
            float s0 = acc0.reduceLanes(VectorOperators.ADD), s1 = acc1.reduceLanes(VectorOperators.ADD);
            float s2 = acc2.reduceLanes(VectorOperators.ADD), s3 = acc3.reduceLanes(VectorOperators.ADD);
            for (; j < d; j++) {
                float q = x[xOffset + j];
                float t0 = q - y[y0 + j], t1 = q - y[y1 + j], t2 = q - y[y2 + j], t3 = q - y[y3 + j];
                s0 = Math.fma(t0, t0, s0);
                s1 = Math.fma(t1, t1, s1);
                s2 = Math.fma(t2, t2, s2);
                s3 = Math.fma(t3, t3, s3);
            }
            out[outOffset + i] = s0;
            out[outOffset + i + m] = s1;
            out[outOffset + i + 2 * m] = s2;
            out[outOffset + i + 3 * m] = s3;
        }
        for (int i = 4 * m; i < n; i++) {
            out[outOffset + i] = squareDistance(x, xOffset, y, yOffset + i * d, d);
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>A GEMM microkernel: y is packed, transposed, into per-thread scratch in panels of W = 2 x
     * lanes rows, dimension-major ({@code panel[j * W + c] = y_c[j]}, zero-padded past ny). For R
     * queries at a time and each panel, the loop over the dimension loads one W-wide panel row as
     * two vectors, broadcasts x_r[j] for each query and accumulates into 2R vector registers with
     * FMA; no horizontal reductions. Scratch holds ceil(ny / W) * W * d floats. Below 64 queries
     * packing does not pay for itself, and 4 x 4 register-blocked dot products read x and y in
     * place instead (16 accumulators, reduceLanes at the end).
     */
    @Override
    public void dotProductBlock(float[] x, int xOffset, int nx, float[] y, int yOffset, int ny, int d, float[] out) {
        if (nx <= 0 || ny <= 0) {
            return;
        }
        if (nx < PACK_MIN_NX) {
            blockUnpacked(x, xOffset, nx, y, yOffset, ny, d, out);
            return;
        }
        int panels = (ny + W - 1) / W;
        int panelSize = W * d;
        float[] packed = packedScratch(panels * panelSize);
        pack(y, yOffset, ny, d, packed);
        int i = 0;
        for (; i + R <= nx; i += R) {
            for (int p = 0; p < panels; p++) {
                int cols = Math.min(W, ny - p * W);
                kernel4(x, xOffset + i * d, d, packed, p * panelSize, out, i * ny + p * W, ny, cols);
            }
        }
        for (; i < nx; i++) {
            for (int p = 0; p < panels; p++) {
                int cols = Math.min(W, ny - p * W);
                kernel1(x, xOffset + i * d, d, packed, p * panelSize, out, i * ny + p * W, cols);
            }
        }
    }

    /** dotProductBlock without packing: 4 x 4 register-blocked dot products, for small nx. */
    private void blockUnpacked(float[] x, int xOffset, int nx, float[] y, int yOffset, int ny, int d, float[] out) {
        int i = 0;
        for (; i + 4 <= nx; i += 4) {
            int j = 0;
            for (; j + 4 <= ny; j += 4) {
                dot4x4(x, xOffset + i * d, y, yOffset + j * d, d, out, i * ny + j, ny);
            }
            for (; j < ny; j++) {
                for (int r = 0; r < 4; r++) {
                    out[(i + r) * ny + j] = dotProduct(x, xOffset + (i + r) * d, y, yOffset + j * d, d);
                }
            }
        }
        for (; i < nx; i++) {
            dotProductBatch(x, xOffset + i * d, y, yOffset, ny, d, out, i * ny);
        }
    }

    /** out[o + r * ny + c] = dot(x_r, y_c) for 4 queries at x0 + r * d and 4 rows at y0 + c * d. */
    private static void dot4x4(float[] x, int x0, float[] y, int y0, int d, float[] out, int o, int ny) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int x1 = x0 + d, x2 = x1 + d, x3 = x2 + d, y1 = y0 + d, y2 = y1 + d, y3 = y2 + d;
        int j = 0;
        for (; j + LANES <= d; j += LANES) {
            FloatVector a0 = FloatVector.fromArray(SPECIES, x, x0 + j);
            FloatVector a1 = FloatVector.fromArray(SPECIES, x, x1 + j);
            FloatVector a2 = FloatVector.fromArray(SPECIES, x, x2 + j);
            FloatVector a3 = FloatVector.fromArray(SPECIES, x, x3 + j);
            FloatVector b = FloatVector.fromArray(SPECIES, y, y0 + j);
            c00 = a0.fma(b, c00);
            c10 = a1.fma(b, c10);
            c20 = a2.fma(b, c20);
            c30 = a3.fma(b, c30);
            b = FloatVector.fromArray(SPECIES, y, y1 + j);
            c01 = a0.fma(b, c01);
            c11 = a1.fma(b, c11);
            c21 = a2.fma(b, c21);
            c31 = a3.fma(b, c31);
            b = FloatVector.fromArray(SPECIES, y, y2 + j);
            c02 = a0.fma(b, c02);
            c12 = a1.fma(b, c12);
            c22 = a2.fma(b, c22);
            c32 = a3.fma(b, c32);
            b = FloatVector.fromArray(SPECIES, y, y3 + j);
            c03 = a0.fma(b, c03);
            c13 = a1.fma(b, c13);
            c23 = a2.fma(b, c23);
            c33 = a3.fma(b, c33);
        }
        if (j < d) { // masked tail: lanes past d load as 0
            VectorMask<Float> m = SPECIES.indexInRange(j, d);
            FloatVector a0 = FloatVector.fromArray(SPECIES, x, x0 + j, m);
            FloatVector a1 = FloatVector.fromArray(SPECIES, x, x1 + j, m);
            FloatVector a2 = FloatVector.fromArray(SPECIES, x, x2 + j, m);
            FloatVector a3 = FloatVector.fromArray(SPECIES, x, x3 + j, m);
            FloatVector b = FloatVector.fromArray(SPECIES, y, y0 + j, m);
            c00 = a0.fma(b, c00);
            c10 = a1.fma(b, c10);
            c20 = a2.fma(b, c20);
            c30 = a3.fma(b, c30);
            b = FloatVector.fromArray(SPECIES, y, y1 + j, m);
            c01 = a0.fma(b, c01);
            c11 = a1.fma(b, c11);
            c21 = a2.fma(b, c21);
            c31 = a3.fma(b, c31);
            b = FloatVector.fromArray(SPECIES, y, y2 + j, m);
            c02 = a0.fma(b, c02);
            c12 = a1.fma(b, c12);
            c22 = a2.fma(b, c22);
            c32 = a3.fma(b, c32);
            b = FloatVector.fromArray(SPECIES, y, y3 + j, m);
            c03 = a0.fma(b, c03);
            c13 = a1.fma(b, c13);
            c23 = a2.fma(b, c23);
            c33 = a3.fma(b, c33);
        }
        store4(c00, c01, c02, c03, out, o);
        store4(c10, c11, c12, c13, out, o + ny);
        store4(c20, c21, c22, c23, out, o + 2 * ny);
        store4(c30, c31, c32, c33, out, o + 3 * ny);
    }

    private static void store4(FloatVector c0, FloatVector c1, FloatVector c2, FloatVector c3, float[] out, int o) {
        out[o] = c0.reduceLanes(VectorOperators.ADD);
        out[o + 1] = c1.reduceLanes(VectorOperators.ADD);
        out[o + 2] = c2.reduceLanes(VectorOperators.ADD);
        out[o + 3] = c3.reduceLanes(VectorOperators.ADD);
    }

    private static float[] packedScratch(int size) {
        float[] packed = PACKED.get();
        if (packed.length < size) {
            packed = new float[size];
            PACKED.set(packed);
        }
        return packed;
    }

    /** Packs y_0 .. y_{ny-1} into panels of W columns, dimension-major, zero-padding the last. */
    private static void pack(float[] y, int yOffset, int ny, int d, float[] packed) {
        int panels = (ny + W - 1) / W;
        for (int p = 0; p < panels; p++) {
            int base = p * W * d;
            for (int c = 0; c < W; c++) {
                int row = p * W + c;
                if (row < ny) {
                    int src = yOffset + row * d;
                    for (int j = 0; j < d; j++) {
                        packed[base + j * W + c] = y[src + j];
                    }
                } else {
                    for (int j = 0; j < d; j++) {
                        packed[base + j * W + c] = 0f;
                    }
                }
            }
        }
    }

    /** out[r * ny + c] = dot(x_r, panel column c) for 4 queries x_r at x0 + r * d, c < cols. */
    private static void kernel4(float[] x, int x0, int d, float[] pk, int pBase, float[] out, int o, int ny, int cols) {
        FloatVector a00 = FloatVector.zero(SPECIES), a01 = a00, a10 = a00, a11 = a00;
        FloatVector a20 = a00, a21 = a00, a30 = a00, a31 = a00;
        int x1 = x0 + d, x2 = x1 + d, x3 = x2 + d;
        for (int j = 0, k = pBase; j < d; j++, k += W) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, pk, k);
            FloatVector b1 = FloatVector.fromArray(SPECIES, pk, k + LANES);
            FloatVector q = FloatVector.broadcast(SPECIES, x[x0 + j]);
            a00 = b0.fma(q, a00);
            a01 = b1.fma(q, a01);
            q = FloatVector.broadcast(SPECIES, x[x1 + j]);
            a10 = b0.fma(q, a10);
            a11 = b1.fma(q, a11);
            q = FloatVector.broadcast(SPECIES, x[x2 + j]);
            a20 = b0.fma(q, a20);
            a21 = b1.fma(q, a21);
            q = FloatVector.broadcast(SPECIES, x[x3 + j]);
            a30 = b0.fma(q, a30);
            a31 = b1.fma(q, a31);
        }
        store(a00, a01, out, o, cols);
        store(a10, a11, out, o + ny, cols);
        store(a20, a21, out, o + 2 * ny, cols);
        store(a30, a31, out, o + 3 * ny, cols);
    }

    /** As {@link #kernel4} for one query: the tail when nx is not a multiple of R. */
    private static void kernel1(float[] x, int x0, int d, float[] pk, int pBase, float[] out, int o, int cols) {
        FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0;
        for (int j = 0, k = pBase; j < d; j++, k += W) {
            FloatVector q = FloatVector.broadcast(SPECIES, x[x0 + j]);
            a0 = FloatVector.fromArray(SPECIES, pk, k).fma(q, a0);
            a1 = FloatVector.fromArray(SPECIES, pk, k + LANES).fma(q, a1);
        }
        store(a0, a1, out, o, cols);
    }

    /** Stores the first cols of the 2-vector row (lo, hi) at out[o ..); masked when cols < W. */
    private static void store(FloatVector lo, FloatVector hi, float[] out, int o, int cols) {
        if (cols == W) {
            lo.intoArray(out, o);
            hi.intoArray(out, o + LANES);
        } else {
            lo.intoArray(out, o, SPECIES.indexInRange(0, cols));
            hi.intoArray(out, o + LANES, SPECIES.indexInRange(LANES, cols));
        }
    }

    /** LANES unsigned bytes from codes[offset], widened to floats. */
    private static FloatVector bytesToFloats(byte[] codes, int offset) {
        return (FloatVector) ByteVector.fromArray(BYTES, codes, offset)
                .convertShape(VectorOperators.ZERO_EXTEND_B2I, INTS, 0)
                .convert(VectorOperators.I2F, 0);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each step loads LANES bytes, zero-extends them to ints and converts to floats, then one
     * FMA: the decoded vector is never stored.
     */
    @Override
    public float squareDistanceU8(float[] x, int xOffset, float[] scale, byte[] codes, int codesOffset, int d) {
        int j = 0;
        float s = 0;
        if (BYTES != null) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = acc0;
            for (; j + 2 * LANES <= d; j += 2 * LANES) {
                FloatVector t0 = FloatVector.fromArray(SPECIES, x, xOffset + j)
                        .sub(FloatVector.fromArray(SPECIES, scale, j).mul(bytesToFloats(codes, codesOffset + j)));
                FloatVector t1 = FloatVector.fromArray(SPECIES, x, xOffset + j + LANES)
                        .sub(FloatVector.fromArray(SPECIES, scale, j + LANES)
                                .mul(bytesToFloats(codes, codesOffset + j + LANES)));
                acc0 = t0.fma(t0, acc0);
                acc1 = t1.fma(t1, acc1);
            }
            for (; j + LANES <= d; j += LANES) {
                FloatVector t = FloatVector.fromArray(SPECIES, x, xOffset + j)
                        .sub(FloatVector.fromArray(SPECIES, scale, j).mul(bytesToFloats(codes, codesOffset + j)));
                acc0 = t.fma(t, acc0);
            }
            s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        for (; j < d; j++) {
            float t = x[xOffset + j] - scale[j] * (codes[codesOffset + j] & 0xFF);
            s = Math.fma(t, t, s);
        }
        return s;
    }

    @Override
    public float dotProductU8(float[] x, int xOffset, byte[] codes, int codesOffset, int d) {
        int j = 0;
        float s = 0;
        if (BYTES != null) {
            FloatVector acc0 = FloatVector.zero(SPECIES);
            FloatVector acc1 = acc0;
            for (; j + 2 * LANES <= d; j += 2 * LANES) {
                acc0 = FloatVector.fromArray(SPECIES, x, xOffset + j).fma(bytesToFloats(codes, codesOffset + j), acc0);
                acc1 = FloatVector.fromArray(SPECIES, x, xOffset + j + LANES)
                        .fma(bytesToFloats(codes, codesOffset + j + LANES), acc1);
            }
            for (; j + LANES <= d; j += LANES) {
                acc0 = FloatVector.fromArray(SPECIES, x, xOffset + j).fma(bytesToFloats(codes, codesOffset + j), acc0);
            }
            s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        }
        for (; j < d; j++) {
            s = Math.fma(x[xOffset + j], codes[codesOffset + j] & 0xFF, s);
        }
        return s;
    }
}
