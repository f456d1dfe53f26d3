package dev.annvil;

/**
 * The answer of a k-nearest-neighbour search, as returned by the convenience overloads.
 *
 * @param n number of queries
 * @param k results per query
 * @param distances n * k distances, row-major, nearest first
 * @param labels n * k ids, row-major; -1 pads rows with fewer than k hits
 */
public record SearchResult(int n, int k, float[] distances, long[] labels) {
    /** Distance of the j-th result of query i. */
    public float distance(int i, int j) {
        return distances[i * k + j];
    }

    /** Label of the j-th result of query i. */
    public long label(int i, int j) {
        return labels[i * k + j];
    }
}
