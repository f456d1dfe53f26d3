package dev.annvil;

import java.util.Objects;

/**
 * The answer of {@link Index#rangeSearch}: for query i, results {@code lims[i] .. lims[i+1]-1} of
 * {@code labels} and {@code distances}. Within a query, results are in the index's storage order
 * (not sorted by distance), as in FAISS.
 *
 * @param nq number of queries
 * @param lims nq + 1 cumulative offsets, lims[0] = 0
 * @param labels lims[nq] ids (positions, or user ids under an id map)
 * @param distances lims[nq] distances (squared L2 or inner product)
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/AuxIndexStructures.h">faiss RangeSearchResult</a>
 */
public record RangeSearchResult(int nq, long[] lims, long[] labels, float[] distances) {
    /** @throws IllegalArgumentException if the arrays disagree in length */
    public RangeSearchResult {
        Objects.requireNonNull(lims, "lims is null");
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(distances, "distances is null");
        if (lims.length != nq + 1 || labels.length != distances.length || lims[nq] != labels.length) {
            throw new IllegalArgumentException("RangeSearchResult: nq=" + nq + ", lims.length=" + lims.length
                    + ", labels.length=" + labels.length + ", distances.length=" + distances.length);
        }
    }

    /** Number of results of query i. */
    public int count(int i) {
        return (int) (lims[i + 1] - lims[i]);
    }
}
