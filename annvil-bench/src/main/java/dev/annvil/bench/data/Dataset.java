package dev.annvil.bench.data;

import java.util.Objects;

/**
 * The vectors of one benchmark: a database, queries, and the exact nearest neighbours of each query.
 *
 * <p>Shapes: {@code base} nb * d floats, {@code query} nq * d floats, {@code groundTruth} nq * gtK
 * database ids, all row-major; row q of the ground truth lists the ids of query q's gtK nearest
 * database vectors by squared L2 distance, nearest first.
 *
 * @param name short name, e.g. "fashion-mnist", "synthetic-128"
 * @param description one line: where the data came from and its size
 * @param d vector dimension
 * @param base database vectors, nb * d
 * @param query query vectors, nq * d
 * @param groundTruth exact neighbour ids, nq * gtK
 * @param gtK neighbours per query in the ground truth (at least the k searched)
 */
public record Dataset(String name, String description, int d, float[] base, float[] query, int[] groundTruth, int gtK) {
    /** Checks the shapes. */
    public Dataset {
        Objects.requireNonNull(name, "name is null");
        if (d < 1 || base.length % d != 0 || query.length % d != 0 || base.length == 0 || query.length == 0) {
            throw new IllegalArgumentException("d=" + d + " but base.length=" + base.length + ", query.length="
                    + query.length + " (need non-empty multiples of d)");
        }
        if (gtK < 1 || groundTruth.length != (long) (query.length / d) * gtK) {
            throw new IllegalArgumentException(
                    "groundTruth.length=" + groundTruth.length + " is not nq=" + query.length / d + " * gtK=" + gtK);
        }
    }

    /** Number of database vectors. */
    public int nb() {
        return base.length / d;
    }

    /** Number of queries. */
    public int nq() {
        return query.length / d;
    }

    /** The first k ground-truth ids of every query as longs, nq * k (k &lt;= gtK). */
    public long[] groundTruthLabels(int k) {
        if (k < 1 || k > gtK) {
            throw new IllegalArgumentException("k=" + k + " must be in 1.." + gtK);
        }
        int nq = nq();
        long[] out = new long[nq * k];
        for (int q = 0; q < nq; q++) {
            for (int i = 0; i < k; i++) {
                out[q * k + i] = groundTruth[q * gtK + i];
            }
        }
        return out;
    }
}
