package dev.annvil.bench.harness;

import dev.annvil.bench.Stats;

/**
 * One point of a recall-vs-QPS curve: one engine, one index, one value of the swept search
 * parameter, one thread count.
 *
 * @param value the search parameter's value (nprobe, efSearch), or -1 when nothing is swept
 * @param threads worker threads
 * @param recall1 1-recall@1: fraction of queries whose first result is the true nearest neighbour
 * @param recall10 1-recall@10: fraction of queries whose true nearest neighbour is among the k results
 * @param recall10at10 10-recall@10: mean fraction of the true 10 nearest found among the 10 results
 * @param batchQps queries per second of each timed batch repetition (all nq queries in one call)
 * @param singleQps queries per second of each timed single-query pass (one call per query)
 * @param latenciesMs milliseconds of every timed single-query call
 */
public record CurvePoint(
        int value,
        int threads,
        double recall1,
        double recall10,
        double recall10at10,
        double[] batchQps,
        double[] singleQps,
        double[] latenciesMs) {

    /** Median batch QPS. */
    public double batchQpsMedian() {
        return Stats.median(batchQps);
    }

    /** Median single-query QPS. */
    public double singleQpsMedian() {
        return Stats.median(singleQps);
    }

    /** Median single-query latency, ms. */
    public double p50Ms() {
        return Stats.percentile(latenciesMs, 50);
    }

    /** 99th-percentile single-query latency, ms. */
    public double p99Ms() {
        return Stats.percentile(latenciesMs, 99);
    }
}
