package dev.annvil.bench;

import java.util.List;

/**
 * Parameters of a flat-index benchmark, passed unchanged to both engines.
 *
 * @param k neighbours per query
 * @param threads thread counts to run, in order
 * @param queries number of test vectors searched in the batch measurement (the first ones)
 * @param singleQueries number of test vectors searched one at a time (the first ones)
 * @param repetitions timed repetitions of each measurement, after one untimed warm-up
 */
public record BenchConfig(int k, List<Integer> threads, int queries, int singleQueries, int repetitions) {
    /** Checks ranges and copies the thread list. */
    public BenchConfig {
        threads = List.copyOf(threads);
        if (k < 1 || queries < 1 || singleQueries < 1 || repetitions < 1 || threads.isEmpty()) {
            throw new IllegalArgumentException(
                    "k, queries, single queries and repetitions must be >= 1, threads non-empty");
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("thread counts must be >= 1: " + threads);
            }
        }
    }

    /** Thread counts as FAISS's script takes them: "1,2". */
    public String threadsCsv() {
        return String.join(",", threads.stream().map(String::valueOf).toList());
    }
}
