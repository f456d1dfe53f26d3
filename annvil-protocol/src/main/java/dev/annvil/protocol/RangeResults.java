package dev.annvil.protocol;

import java.util.Objects;

/**
 * Range-search results in the FAISSx per-query {@code results} shape (faissx-protocol.md §6.4,
 * §9.7): encoded as an array of nq maps {@code {"query_index": i, "num_results": n_i, "count": n_i,
 * "indices": [n_i ints], "distances": [n_i float32]}}. No {@code lims} key inside the entries (the
 * SQ client would misread it); the server adds top-level {@code lims}/{@code distances}/{@code
 * indices} itself.
 *
 * @param nq number of queries
 * @param lims nq + 1 cumulative offsets, lims[0] = 0
 * @param labels lims[nq] labels, in storage order within a query
 * @param distances lims[nq] distances
 */
public record RangeResults(int nq, long[] lims, long[] labels, float[] distances) {
    /** @throws IllegalArgumentException if the arrays disagree */
    public RangeResults {
        Objects.requireNonNull(lims, "lims is null");
        Objects.requireNonNull(labels, "labels is null");
        Objects.requireNonNull(distances, "distances is null");
        if (nq < 0 || lims.length != nq + 1 || labels.length != distances.length || lims[nq] != labels.length) {
            throw new IllegalArgumentException("RangeResults: nq=" + nq + ", lims.length=" + lims.length
                    + ", labels.length=" + labels.length + ", distances.length=" + distances.length);
        }
    }
}
