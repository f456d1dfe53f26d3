package dev.annvil.protocol;

import java.util.Objects;

/**
 * k-NN results in the FAISSx {@code results} shape (faissx-protocol.md §6.3, §9.5, §9.10): encoded
 * as an array of n maps {@code {"distances": [k float32], "indices": [k ints]}}, plus
 * {@code "vectors": [k arrays of d float32]} per query when {@code vectors} is given.
 *
 * @param n number of queries
 * @param k results per query
 * @param distances n * k distances, row-major (squared L2 ascending or inner product descending)
 * @param labels n * k labels (positions or user ids; -1 pads)
 * @param vectors n * k * d floats (the vector of each result, zeros for padding), or null
 * @param d vector width when vectors is given, else 0
 */
public record KnnResults(int n, int k, float[] distances, long[] labels, float[] vectors, int d) {
    /** @throws IllegalArgumentException if the arrays do not hold n * k (n * k * d) entries */
    public KnnResults {
        Objects.requireNonNull(distances, "distances is null");
        Objects.requireNonNull(labels, "labels is null");
        long nk = (long) n * k;
        if (n < 0 || k < 0 || distances.length < nk || labels.length < nk) {
            throw new IllegalArgumentException("KnnResults: n=" + n + ", k=" + k + " but distances.length="
                    + distances.length + ", labels.length=" + labels.length);
        }
        if (vectors != null && (d < 0 || vectors.length < nk * d)) {
            throw new IllegalArgumentException("KnnResults: vectors.length=" + vectors.length + " but n*k*d=" + nk * d);
        }
    }

    /** Results without vectors. */
    public KnnResults(int n, int k, float[] distances, long[] labels) {
        this(n, k, distances, labels, null, 0);
    }
}
