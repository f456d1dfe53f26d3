package dev.annvil.impl;

/**
 * Distances between one query and encoded vectors: the scan primitive of flat-code indexes
 * (IndexPQ, IndexScalarQuantizer) and of inverted lists of codes (IndexIVFPQ,
 * IndexIVFScalarQuantizer). Set the query once, then ask for the distance to any number of codes.
 *
 * <p>Units: squared L2 (smaller is nearer) or raw inner product (larger is nearer), per the
 * metric the computer was made for; distances are to the decoded vectors, up to float rounding.
 *
 * <p>Not thread-safe: it holds per-query state (a lookup table or a transformed query). Make one
 * per thread; codes arrays are only read.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/DistanceComputer.h">faiss/impl/DistanceComputer.h (FlatCodesDistanceComputer)</a>
 */
public interface FlatCodesDistanceComputer {

    /** Bytes per code. */
    int codeSize();

    /**
     * Sets the query: d floats of x from xOffset (copied or turned into a table; x is not kept).
     */
    void setQuery(float[] x, int xOffset);

    /** Distance of the query to the code at codes[offset .. offset + codeSize). */
    float distanceToCode(byte[] codes, int offset);

    /**
     * Distances of the query to n consecutive codes: {@code out[outOffset + i]} gets the distance
     * to the code at {@code codes[codesOffset + i * codeSize]}.
     */
    default void distancesToCodes(byte[] codes, int codesOffset, int n, float[] out, int outOffset) {
        int cs = codeSize();
        for (int i = 0; i < n; i++) {
            out[outOffset + i] = distanceToCode(codes, codesOffset + i * cs);
        }
    }
}
