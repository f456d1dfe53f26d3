package dev.annvil.bench.server;

import dev.annvil.bench.Stats;

/**
 * One measured server-load case at one client count.
 *
 * @param name the case: "add", "search (1 query)", "search (1000 queries)", "search 50 indexes"
 * @param clients concurrent clients (each its own REQ socket and thread)
 * @param seconds wall-clock seconds of the timed part (median repetition for "add")
 * @param requests requests completed in the timed part
 * @param items vectors added or queries searched in the timed part
 * @param errors requests answered with success = false or not answered
 * @param latenciesMs every timed request's round-trip time, ms
 * @param itemsPerSecondSamples vectors/s (add) or queries/s of each repetition
 */
public record LoadResult(
        String name,
        int clients,
        double seconds,
        long requests,
        long items,
        long errors,
        double[] latenciesMs,
        double[] itemsPerSecondSamples) {

    /** Requests per second. */
    public double requestsPerSecond() {
        return requests / seconds;
    }

    /** Median vectors/s or queries/s over repetitions. */
    public double itemsPerSecond() {
        return Stats.median(itemsPerSecondSamples);
    }

    /** Latency percentile p (in (0, 100]), ms. */
    public double latencyMs(double p) {
        return Stats.percentile(latenciesMs, p);
    }
}
