package dev.annvil.bench.harness;

import java.util.List;

/**
 * How every engine is timed, identically.
 *
 * @param k neighbours per query
 * @param threads thread counts, in order (each engine runs all of them before the next engine)
 * @param repetitions timed repetitions of each measurement, after one untimed warm-up
 * @param singleQueries queries searched one call each for single-query QPS and latency (the first
 *     ones; at most nq)
 */
public record RunConfig(int k, List<Integer> threads, int repetitions, int singleQueries) {
    /** Checks ranges and copies the thread list. */
    public RunConfig {
        threads = List.copyOf(threads);
        if (k < 1 || repetitions < 1 || singleQueries < 1 || threads.isEmpty()) {
            throw new IllegalArgumentException("k=" + k + ", repetitions=" + repetitions + ", singleQueries="
                    + singleQueries + " must be >= 1 and threads non-empty");
        }
        for (int t : threads) {
            if (t < 1) {
                throw new IllegalArgumentException("thread counts must be >= 1: " + threads);
            }
        }
    }

    /** Thread counts as the Python scripts take them: "1,2". */
    public String threadsCsv() {
        return String.join(",", threads.stream().map(String::valueOf).toList());
    }
}
