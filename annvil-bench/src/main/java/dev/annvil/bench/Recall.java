package dev.annvil.bench;

import java.util.function.LongBinaryOperator;

/**
 * Recall of k-nearest-neighbour results against a reference (ground truth) result.
 *
 * <p>Results are row-major {@code long[]} label arrays of n * k entries: the labels of query q are
 * at {@code [q * k, q * k + k)}. Negative labels (FAISS's -1 for "no result") never count as hits.
 */
public final class Recall {
    private Recall() {}

    /**
     * Recall@k: the fraction of the reference's n * k labels that the result also returns for the
     * same query, in any order.
     *
     * @return a value in [0, 1]; 1 for n = 0
     */
    public static double recallAtK(long[] result, long[] reference, int n, int k) {
        check(result, reference, n, k);
        long hits = 0;
        for (int q = 0; q < n; q++) {
            for (int i = 0; i < k; i++) {
                long want = reference[q * k + i];
                if (want >= 0 && contains(result, q * k, k, want)) {
                    hits++;
                }
            }
        }
        return n == 0 ? 1.0 : (double) hits / ((long) n * k);
    }

    /**
     * Recall@k with ties counted as hits: a result label that is not among the reference's labels
     * still counts when its distance to the query is no larger than the distance of the
     * reference's farthest (k-th) neighbour, since either engine may legitimately break such ties
     * differently. Distances come from {@code distance.applyAsLong(query, label)}, which should be
     * exact (Fashion-MNIST's integer pixels give exact integer squared L2 distances).
     *
     * @return a value in [0, 1]; 1 for n = 0
     */
    public static double recallAtKWithTies(long[] result, long[] reference, int n, int k, LongBinaryOperator distance) {
        check(result, reference, n, k);
        long hits = 0;
        for (int q = 0; q < n; q++) {
            long kth = Long.MIN_VALUE;
            for (int i = 0; i < k; i++) {
                long label = reference[q * k + i];
                if (label >= 0) {
                    kth = Math.max(kth, distance.applyAsLong(q, label));
                }
            }
            for (int i = 0; i < k; i++) {
                long got = result[q * k + i];
                if (got < 0 || indexOf(result, q * k, i, got) >= 0) {
                    continue; // no result, or a duplicate label counted once
                }
                if (contains(reference, q * k, k, got) || distance.applyAsLong(q, got) <= kth) {
                    hits++;
                }
            }
        }
        return n == 0 ? 1.0 : (double) hits / ((long) n * k);
    }

    /**
     * 1-recall@r: the fraction of the n queries whose true nearest neighbour (the first id of the
     * query's ground-truth row) is among the first r of its k results.
     *
     * @param result n * k labels, row-major
     * @param gt n * gtK exact neighbour ids, row-major, nearest first
     * @return a value in [0, 1]; 1 for n = 0
     * @throws IllegalArgumentException if r is not in 1..k or an array is too short
     */
    public static double oneRecallAtR(long[] result, int k, int[] gt, int gtK, int n, int r) {
        checkGt(result, k, gt, gtK, n, r, 1);
        long hits = 0;
        for (int q = 0; q < n; q++) {
            if (contains(result, q * k, r, gt[q * gtK])) {
                hits++;
            }
        }
        return n == 0 ? 1.0 : (double) hits / n;
    }

    /**
     * r-recall@r (e.g. 10-recall@10): the mean over the n queries of the fraction of the true r
     * nearest ids (the first r of the ground-truth row) found among the first r results, in any
     * order. Duplicate result labels count once.
     *
     * @param result n * k labels, row-major
     * @param gt n * gtK exact neighbour ids, row-major, nearest first
     * @return a value in [0, 1]; 1 for n = 0
     * @throws IllegalArgumentException if r is not in 1..min(k, gtK) or an array is too short
     */
    public static double recallRAtR(long[] result, int k, int[] gt, int gtK, int n, int r) {
        checkGt(result, k, gt, gtK, n, r, r);
        long hits = 0;
        for (int q = 0; q < n; q++) {
            for (int i = 0; i < r; i++) {
                if (contains(result, q * k, r, gt[q * gtK + i])) {
                    hits++;
                }
            }
        }
        return n == 0 ? 1.0 : (double) hits / ((long) n * r);
    }

    private static void checkGt(long[] result, int k, int[] gt, int gtK, int n, int r, int gtNeeded) {
        if (n < 0 || r < 1 || r > k || gtNeeded > gtK || result.length < (long) n * k || gt.length < (long) n * gtK) {
            throw new IllegalArgumentException("need 1 <= r <= k, r <= gtK and full arrays: n=" + n + ", k=" + k
                    + ", r=" + r + ", gtK=" + gtK + ", result " + result.length + ", gt " + gt.length);
        }
    }

    private static void check(long[] result, long[] reference, int n, int k) {
        if (n < 0 || k < 1 || result.length < (long) n * k || reference.length < (long) n * k) {
            throw new IllegalArgumentException("need n >= 0, k >= 1 and n * k labels in both arrays: n=" + n + ", k="
                    + k + ", result " + result.length + ", reference " + reference.length);
        }
    }

    private static boolean contains(long[] labels, int from, int count, long label) {
        return indexOf(labels, from, count, label) >= 0;
    }

    private static int indexOf(long[] labels, int from, int count, long label) {
        for (int i = 0; i < count; i++) {
            if (labels[from + i] == label) {
                return i;
            }
        }
        return -1;
    }
}
