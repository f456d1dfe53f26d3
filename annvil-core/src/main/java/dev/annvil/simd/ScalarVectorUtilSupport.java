package dev.annvil.simd;

/**
 * Portable scalar kernels: the reference every SIMD kernel is tested against, and the fallback
 * when the Vector API is unavailable. Loops are unrolled by four so the JIT can keep several
 * independent accumulators.
 */
public final class ScalarVectorUtilSupport implements VectorUtilSupport {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            s0 += a[aOffset + j] * b[bOffset + j];
            s1 += a[aOffset + j + 1] * b[bOffset + j + 1];
            s2 += a[aOffset + j + 2] * b[bOffset + j + 2];
            s3 += a[aOffset + j + 3] * b[bOffset + j + 3];
        }
        for (; j < d; j++) {
            s0 += a[aOffset + j] * b[bOffset + j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            float t0 = a[aOffset + j] - b[bOffset + j];
            float t1 = a[aOffset + j + 1] - b[bOffset + j + 1];
            float t2 = a[aOffset + j + 2] - b[bOffset + j + 2];
            float t3 = a[aOffset + j + 3] - b[bOffset + j + 3];
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; j < d; j++) {
            float t = a[aOffset + j] - b[bOffset + j];
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public void dotProductBatch(
            float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = dotProduct(x, xOffset, y, yOffset + i * d, d);
        }
    }

    @Override
    public void squareDistanceBatch(
            float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset) {
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = squareDistance(x, xOffset, y, yOffset + i * d, d);
        }
    }

    @Override
    public void dotProductBlock(float[] x, int xOffset, int nx, float[] y, int yOffset, int ny, int d, float[] out) {
        for (int i = 0; i < nx; i++) {
            dotProductBatch(x, xOffset + i * d, y, yOffset, ny, d, out, i * ny);
        }
    }

    @Override
    public float squareDistanceU8(float[] x, int xOffset, float[] scale, byte[] codes, int codesOffset, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            float t0 = x[xOffset + j] - scale[j] * (codes[codesOffset + j] & 0xFF);
            float t1 = x[xOffset + j + 1] - scale[j + 1] * (codes[codesOffset + j + 1] & 0xFF);
            float t2 = x[xOffset + j + 2] - scale[j + 2] * (codes[codesOffset + j + 2] & 0xFF);
            float t3 = x[xOffset + j + 3] - scale[j + 3] * (codes[codesOffset + j + 3] & 0xFF);
            s0 += t0 * t0;
            s1 += t1 * t1;
            s2 += t2 * t2;
            s3 += t3 * t3;
        }
        for (; j < d; j++) {
            float t = x[xOffset + j] - scale[j] * (codes[codesOffset + j] & 0xFF);
            s0 += t * t;
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public float dotProductU8(float[] x, int xOffset, byte[] codes, int codesOffset, int d) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            s0 += x[xOffset + j] * (codes[codesOffset + j] & 0xFF);
            s1 += x[xOffset + j + 1] * (codes[codesOffset + j + 1] & 0xFF);
            s2 += x[xOffset + j + 2] * (codes[codesOffset + j + 2] & 0xFF);
            s3 += x[xOffset + j + 3] * (codes[codesOffset + j + 3] & 0xFF);
        }
        for (; j < d; j++) {
            s0 += x[xOffset + j] * (codes[codesOffset + j] & 0xFF);
        }
        return (s0 + s1) + (s2 + s3);
    }
}
