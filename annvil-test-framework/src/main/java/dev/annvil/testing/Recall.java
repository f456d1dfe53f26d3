package dev.annvil.testing;

import java.util.HashSet;
import java.util.Set;

/** Recall measures over row-major n * k label arrays. */
public final class Recall {
    private Recall() {}

    /**
     * k-recall@k: the fraction of the true k nearest (first k of each row of {@code truth}, which
     * has {@code truthK} columns) found among the first k results of each row of {@code found}
     * ({@code foundK} columns), averaged over the n rows.
     */
    public static double recallAtK(long[] found, int foundK, long[] truth, int truthK, int n, int k) {
        long hits = 0;
        for (int i = 0; i < n; i++) {
            Set<Long> expected = new HashSet<>();
            for (int j = 0; j < k; j++) {
                expected.add(truth[i * truthK + j]);
            }
            for (int j = 0; j < k; j++) {
                if (expected.contains(found[i * foundK + j])) {
                    hits++;
                }
            }
        }
        return (double) hits / ((long) n * k);
    }
}
