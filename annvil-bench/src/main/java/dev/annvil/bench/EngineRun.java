package dev.annvil.bench;

/**
 * The timings of one engine at one thread count, as raw samples; the summaries are computed here
 * the same way for every engine.
 *
 * @param engine "Annvil" or "FAISS"
 * @param threads worker threads (Annvil: Parallelism.setNumThreads; FAISS: omp_set_num_threads)
 * @param buildSeconds seconds to create the index and add the database (measured once per engine)
 * @param batchQps queries per second of each timed batch repetition (all queries in one search call)
 * @param singleQps queries per second of each timed single-query repetition (one search call per query)
 * @param latenciesMs milliseconds of every timed single-query search call, of all repetitions
 */
public record EngineRun(
        String engine, int threads, double buildSeconds, double[] batchQps, double[] singleQps, double[] latenciesMs) {

    /** Median batch QPS over repetitions. */
    public double batchQpsMedian() {
        return Stats.median(batchQps);
    }

    /** Lowest batch QPS over repetitions. */
    public double batchQpsMin() {
        return Stats.min(batchQps);
    }

    /** Highest batch QPS over repetitions. */
    public double batchQpsMax() {
        return Stats.max(batchQps);
    }

    /** Median single-query QPS over repetitions. */
    public double singleQpsMedian() {
        return Stats.median(singleQps);
    }

    /** Median single-query latency, ms, over all timed calls. */
    public double p50Ms() {
        return Stats.percentile(latenciesMs, 50);
    }

    /** 99th-percentile single-query latency, ms, over all timed calls. */
    public double p99Ms() {
        return Stats.percentile(latenciesMs, 99);
    }
}
