package dev.annvil.simd;

/**
 * The distance kernels behind {@link VectorUtil}: one scalar implementation in annvil-core and
 * one Panama Vector API implementation in annvil-simd, found with {@link java.util.ServiceLoader}.
 *
 * <p>All vectors are float32, stored row-major in a {@code float[]} at an offset: vector i of a
 * block of n vectors of dimension d starts at {@code offset + i * d}. Distances are squared L2
 * (no square root) and raw inner products, as in FAISS.
 *
 * <p>Implementations are stateless or keep only per-thread scratch, and are safe to call from
 * many threads at once. They do not check bounds beyond what the JVM does: callers validate.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/utils/distances.h">
 *     faiss/utils/distances.h</a>
 */
public interface VectorUtilSupport {

    /** A short name for logs, such as "scalar" or "panama(512-bit)". */
    String name();

    /** Inner product of a[aOffset .. aOffset+d) and b[bOffset .. bOffset+d). */
    float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int d);

    /** Squared L2 distance of a[aOffset .. aOffset+d) and b[bOffset .. bOffset+d). */
    float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int d);

    /**
     * One query against n consecutive vectors: {@code out[outOffset + i] = dot(x, y_i)} for i in
     * [0, n), where x is d floats at xOffset and y_i is d floats at {@code yOffset + i * d}.
     */
    void dotProductBatch(float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset);

    /** As {@link #dotProductBatch}, with squared L2 distances. */
    void squareDistanceBatch(float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset);

    /**
     * A block of inner products, the GEMM at the heart of batched exact search:
     * {@code out[i * ny + j] = dot(x_i, y_j)} for i in [0, nx) and j in [0, ny), where x_i is d
     * floats at {@code xOffset + i * d} and y_j is d floats at {@code yOffset + j * d}.
     *
     * <p>{@code out} holds at least nx * ny floats. Callers pass a large nx and a y block that fits
     * in the L2 cache (a few hundred vectors); the implementation may pack y into per-thread
     * scratch once per call so that each loaded y value serves many queries.
     */
    void dotProductBlock(float[] x, int xOffset, int nx, float[] y, int yOffset, int ny, int d, float[] out);

    /**
     * One query against four vectors at arbitrary offsets of y (a gather, as graph search needs):
     * {@code out[outOffset + i] = ||x - y_i||^2} for i in 0..3, where y_i is d floats at {@code yi}.
     * Sharing each load of x across four vectors, and keeping four independent memory streams in
     * flight, is what FAISS's {@code distances_batch_4} does. The default computes them one by one.
     */
    default void squareDistance4(
            float[] x, int xOffset, float[] y, int y0, int y1, int y2, int y3, int d, float[] out, int outOffset) {
        out[outOffset] = squareDistance(x, xOffset, y, y0, d);
        out[outOffset + 1] = squareDistance(x, xOffset, y, y1, d);
        out[outOffset + 2] = squareDistance(x, xOffset, y, y2, d);
        out[outOffset + 3] = squareDistance(x, xOffset, y, y3, d);
    }

    /** As {@link #squareDistance4}, with inner products. */
    default void dotProduct4(
            float[] x, int xOffset, float[] y, int y0, int y1, int y2, int y3, int d, float[] out, int outOffset) {
        out[outOffset] = dotProduct(x, xOffset, y, y0, d);
        out[outOffset + 1] = dotProduct(x, xOffset, y, y1, d);
        out[outOffset + 2] = dotProduct(x, xOffset, y, y2, d);
        out[outOffset + 3] = dotProduct(x, xOffset, y, y3, d);
    }

    /**
     * Squared L2 distance between x and a vector of unsigned bytes scaled per component: {@code
     * sum_j (x[xOffset + j] - scale[j] * (codes[codesOffset + j] & 0xFF))^2} for j in [0, d). The
     * kernel of 8-bit scalar-quantizer search (the quantizer's offset is folded into x).
     */
    float squareDistanceU8(float[] x, int xOffset, float[] scale, byte[] codes, int codesOffset, int d);

    /**
     * Inner product of x and a vector of unsigned bytes: {@code sum_j x[xOffset + j] *
     * (codes[codesOffset + j] & 0xFF)} for j in [0, d).
     */
    float dotProductU8(float[] x, int xOffset, byte[] codes, int codesOffset, int d);
}
