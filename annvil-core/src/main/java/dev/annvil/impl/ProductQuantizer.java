package dev.annvil.impl;

import dev.annvil.Checks;
import dev.annvil.Clustering;
import dev.annvil.ClusteringParameters;
import dev.annvil.IndexFlatL2;
import dev.annvil.Parallelism;
import dev.annvil.ProgressListener;
import dev.annvil.simd.VectorUtil;
import java.util.Arrays;
import java.util.Objects;

/**
 * Product quantizer: splits a vector of dimension d into M sub-vectors of dsub = d / M components
 * and encodes each with the nearest of ksub = 2^nbits centroids of its sub-space, learned by
 * k-means. A code holds M sub-codes of nbits bits, {@link #codeSize()} = ceil(M * nbits / 8)
 * bytes, packed as {@link PQCodePacker} describes (FAISS's layout).
 *
 * <p>Fields are those FAISS stores: d, M, nbits and the centroid table, M * ksub * dsub floats laid
 * out {@code [m][k][j]}: component j of centroid k of sub-quantizer m is {@code centroids[(m * ksub
 * + k) * dsub + j]}.
 *
 * <p>Distances are asymmetric (ADC): a query is not encoded; its distances to all centroids of
 * every sub-space form a table of M * ksub floats ({@link #computeDistanceTable} for squared L2,
 * {@link #computeInnerProdTable} for inner products), and the distance to a code is the sum of
 * its M table entries ({@link #distanceFromTable}), equal to the distance to the decoded vector
 * up to float rounding.
 *
 * <p>Thread-safety: encoding, decoding and table computations are safe concurrently once trained;
 * {@link #train} and {@link #setCentroids} need exclusive access.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/ProductQuantizer.h">faiss/impl/ProductQuantizer.h</a>
 * @see <a href="https://doi.org/10.1109/TPAMI.2010.57">H. Jégou, M. Douze, C. Schmid, Product
 *     quantization for nearest neighbor search, IEEE TPAMI 2011</a>
 */
public final class ProductQuantizer {
    /** Vectors per parallel encoding task. */
    private static final int ENCODE_BLOCK = 256;

    private final int d;
    private final int M;
    private final int nbits;
    private final int dsub;
    private final int ksub;
    private final int codeSize;
    private final float[] centroids;
    /** k-means parameters of {@link #train}: FAISS's ProductQuantizer::cp, default-constructed. */
    private ClusteringParameters cp = ClusteringParameters.DEFAULT;

    /**
     * An untrained product quantizer with an all-zero centroid table.
     *
     * @param d vector dimension
     * @param M number of sub-quantizers; must divide d
     * @param nbits bits per sub-code, 1 .. 16
     * @throws IllegalArgumentException if d &lt; 1, M &lt; 1, d % M != 0 or nbits is outside 1 .. 16
     */
    public ProductQuantizer(int d, int M, int nbits) {
        Checks.positive("d", d);
        Checks.positive("M", M);
        if (d % M != 0) {
            throw new IllegalArgumentException("d=" + d + " is not a multiple of M=" + M);
        }
        if (nbits < 1 || nbits > 16) {
            throw new IllegalArgumentException("nbits=" + nbits + " is outside 1..16");
        }
        this.d = d;
        this.M = M;
        this.nbits = nbits;
        this.dsub = d / M;
        this.ksub = 1 << nbits;
        this.codeSize = PQCodePacker.codeSize(M, nbits);
        this.centroids = new float[Math.multiplyExact(d, ksub)];
    }

    public int d() {
        return d;
    }

    public int M() {
        return M;
    }

    public int nbits() {
        return nbits;
    }

    /** Dimension of a sub-vector: d / M. */
    public int dsub() {
        return dsub;
    }

    /** Centroids per sub-quantizer: 2^nbits. */
    public int ksub() {
        return ksub;
    }

    /** Bytes per code: ceil(M * nbits / 8). */
    public int codeSize() {
        return codeSize;
    }

    /** k-means parameters used by {@link #train}; FAISS's defaults. */
    public ClusteringParameters cp() {
        return cp;
    }

    /** Sets the k-means parameters of the next {@link #train} (FAISS: {@code pq.cp}). */
    public void setCp(ClusteringParameters cp) {
        this.cp = Objects.requireNonNull(cp, "cp is null");
    }

    /**
     * The centroid table, M * ksub * dsub floats laid out [m][k][j]. This is the quantizer's own
     * array (FAISS: {@code pq.centroids}): read it, do not modify it.
     */
    public float[] getCentroids() {
        return centroids;
    }

    /**
     * Replaces the centroid table (when loading a file).
     *
     * @throws IllegalArgumentException if c.length != d * ksub
     */
    public void setCentroids(float[] c) {
        if (c == null || c.length != centroids.length) {
            throw new IllegalArgumentException("centroids must hold d * ksub = " + centroids.length + " floats, got "
                    + (c == null ? "null" : c.length));
        }
        System.arraycopy(c, 0, centroids, 0, c.length);
    }

    /** {@link #train(int, float[], ProgressListener)} without progress reports. */
    public void train(int n, float[] x) {
        train(n, x, ProgressListener.NONE);
    }

    /**
     * Learns the centroids: k-means with {@link #cp()} (25 iterations, at most 256 points per
     * centroid, seed 1234) on each of the M sub-spaces, as FAISS's Train_default.
     *
     * @param n number of training vectors; at least ksub
     * @param x n * d floats, row-major
     * @throws IllegalArgumentException if x is too short or n &lt; ksub
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public void train(int n, float[] x, ProgressListener listener) {
        Checks.batch(n, x, d);
        float[] slice = new float[Math.multiplyExact(n, dsub)];
        for (int m = 0; m < M; m++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(x, i * d + m * dsub, slice, i * dsub, dsub);
            }
            Clustering clus = new Clustering(dsub, ksub, cp);
            clus.train(n, slice, new IndexFlatL2(dsub));
            System.arraycopy(clus.centroids(), 0, centroids, m * ksub * dsub, ksub * dsub);
            listener.progress("PQ sub-quantizer " + (m + 1) + "/" + M, (m + 1.0) / M);
        }
    }

    /**
     * Encodes one vector: code[codeOffset .. codeOffset + codeSize) gets the index of the nearest
     * centroid (squared L2) of each sub-vector.
     *
     * @param dis scratch of at least ksub floats
     */
    public void computeCode(float[] x, int xOffset, byte[] code, int codeOffset, float[] dis) {
        if (nbits != 8) {
            Arrays.fill(code, codeOffset, codeOffset + codeSize, (byte) 0);
        }
        for (int m = 0; m < M; m++) {
            VectorUtil.squareDistanceBatch(x, xOffset + m * dsub, centroids, m * ksub * dsub, ksub, dsub, dis, 0);
            int best = 0;
            float bestDis = dis[0];
            for (int k = 1; k < ksub; k++) {
                if (dis[k] < bestDis) {
                    bestDis = dis[k];
                    best = k;
                }
            }
            PQCodePacker.put(code, codeOffset, nbits, m, best);
        }
    }

    /**
     * Encodes n vectors, in parallel on {@link Parallelism}.
     *
     * @param x n * d floats, row-major, from xOffset
     * @param codes receives n * codeSize bytes from codesOffset
     * @throws IllegalArgumentException if an array is too short
     */
    public void computeCodes(int n, float[] x, int xOffset, byte[] codes, int codesOffset) {
        Checks.nonNegative("n", n);
        if (x.length - (long) xOffset < (long) n * d) {
            throw new IllegalArgumentException("x.length=" + x.length + " but " + n + " vectors of d=" + d
                    + " from offset " + xOffset + " are needed");
        }
        if (codes.length - (long) codesOffset < (long) n * codeSize) {
            throw new IllegalArgumentException(
                    "codes.length=" + codes.length + " but " + (long) n * codeSize + " bytes are needed");
        }
        int blocks = (n + ENCODE_BLOCK - 1) / ENCODE_BLOCK;
        int tasks = Math.min(blocks, Parallelism.numThreads());
        Parallelism.forEach(tasks, t -> {
            float[] dis = new float[ksub];
            for (int b = t; b < blocks; b += tasks) {
                int end = Math.min(n, (b + 1) * ENCODE_BLOCK);
                for (int i = b * ENCODE_BLOCK; i < end; i++) {
                    computeCode(x, xOffset + i * d, codes, codesOffset + i * codeSize, dis);
                }
            }
        });
    }

    /** Encodes n vectors (x: n * d floats) into a new array of n * codeSize bytes. */
    public byte[] computeCodes(int n, float[] x) {
        byte[] codes = new byte[Math.multiplyExact(n, codeSize)];
        computeCodes(n, x, 0, codes, 0);
        return codes;
    }

    /** Decodes one code into x[xOffset .. xOffset + d): the concatenated centroids. */
    public void decode(byte[] code, int codeOffset, float[] x, int xOffset) {
        for (int m = 0; m < M; m++) {
            int c = PQCodePacker.get(code, codeOffset, codeSize, nbits, m);
            System.arraycopy(centroids, (m * ksub + c) * dsub, x, xOffset + m * dsub, dsub);
        }
    }

    /**
     * Decodes n codes.
     *
     * @param codes n * codeSize bytes
     * @param x receives n * d floats, row-major
     */
    public void decode(int n, byte[] codes, float[] x) {
        Checks.length("x", x, (long) n * d);
        for (int i = 0; i < n; i++) {
            decode(codes, i * codeSize, x, i * d);
        }
    }

    /**
     * Squared L2 distances of a query's sub-vectors to every centroid: {@code table[m * ksub + k]
     * = ||x_m - c_{m,k}||^2}.
     *
     * @param x the query, d floats from xOffset
     * @param table receives M * ksub floats
     */
    public void computeDistanceTable(float[] x, int xOffset, float[] table) {
        for (int m = 0; m < M; m++) {
            VectorUtil.squareDistanceBatch(
                    x, xOffset + m * dsub, centroids, m * ksub * dsub, ksub, dsub, table, m * ksub);
        }
    }

    /** Inner products of a query's sub-vectors with every centroid: {@code table[m * ksub + k]}. */
    public void computeInnerProdTable(float[] x, int xOffset, float[] table) {
        for (int m = 0; m < M; m++) {
            VectorUtil.dotProductBatch(x, xOffset + m * dsub, centroids, m * ksub * dsub, ksub, dsub, table, m * ksub);
        }
    }

    /** ADC distance of one code: the sum over m of table[m * ksub + code_m]. */
    public float distanceFromTable(float[] table, byte[] code, int codeOffset) {
        float s = 0;
        if (nbits == 8) {
            for (int m = 0; m < M; m++) {
                s += table[(m << 8) + (code[codeOffset + m] & 0xFF)];
            }
        } else {
            for (int m = 0; m < M; m++) {
                s += table[m * ksub + PQCodePacker.get(code, codeOffset, codeSize, nbits, m)];
            }
        }
        return s;
    }

    /**
     * ADC distances of n consecutive codes: {@code out[outOffset + i]} = {@link #distanceFromTable}
     * of the code at {@code codes[codesOffset + i * codeSize]}. The scan of IndexPQ and IVFPQ lists;
     * with nbits = 8 four codes are summed at once, so their table lookups overlap.
     */
    public void distancesFromTable(float[] table, byte[] codes, int codesOffset, int n, float[] out, int outOffset) {
        if (nbits != 8) {
            for (int i = 0; i < n; i++) {
                out[outOffset + i] = distanceFromTable(table, codes, codesOffset + i * codeSize);
            }
            return;
        }
        int cs = codeSize;
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            int c0 = codesOffset + i * cs, c1 = c0 + cs, c2 = c1 + cs, c3 = c2 + cs;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int m = 0; m < cs; m++) {
                int t = m << 8;
                s0 += table[t + (codes[c0 + m] & 0xFF)];
                s1 += table[t + (codes[c1 + m] & 0xFF)];
                s2 += table[t + (codes[c2 + m] & 0xFF)];
                s3 += table[t + (codes[c3 + m] & 0xFF)];
            }
            out[outOffset + i] = s0;
            out[outOffset + i + 1] = s1;
            out[outOffset + i + 2] = s2;
            out[outOffset + i + 3] = s3;
        }
        for (; i < n; i++) {
            out[outOffset + i] = distanceFromTable(table, codes, codesOffset + i * cs);
        }
    }

    /**
     * A distance computer of queries to codes of this quantizer, by lookup tables: one per thread
     * (FAISS: PQDistanceComputer).
     */
    public PQDistanceComputer distanceComputer(dev.annvil.MetricType metric) {
        return new PQDistanceComputer(this, metric);
    }

    /** Bytes held by the centroid table. */
    public long ramBytesUsed() {
        return 4L * centroids.length + 64;
    }

    @Override
    public String toString() {
        return "ProductQuantizer(d=" + d + ", M=" + M + ", nbits=" + nbits + ")";
    }
}
