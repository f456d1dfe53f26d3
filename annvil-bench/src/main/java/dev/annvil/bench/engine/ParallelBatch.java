package dev.annvil.bench.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batch search for engines that search one query per call (JVector, Lucene): the n queries are split
 * into {@code threads} contiguous ranges, each searched by its own worker with its own per-thread
 * searcher. With one thread everything runs on the caller's thread. Not thread-safe: one batch at a
 * time.
 */
final class ParallelBatch implements AutoCloseable {
    /** A single-query searcher owned by one worker (holds that worker's scratch). */
    interface QuerySearcher {
        /** Searches query q (x[q*d .. q*d+d)) and writes its k labels at labels[q*k ..], -1 padded. */
        void search(float[] x, int q, int k, long[] labels) throws Exception;
    }

    private final List<QuerySearcher> workers;
    private final ExecutorService pool;

    /** @param workers one searcher per thread; their count is the thread count */
    ParallelBatch(List<QuerySearcher> workers) {
        this.workers = List.copyOf(workers);
        this.pool = workers.size() > 1 ? Executors.newFixedThreadPool(workers.size()) : null;
    }

    /** Searches n queries (x: n * d floats) into labels (n * k). */
    void search(int n, float[] x, int k, long[] labels) throws Exception {
        int t = workers.size();
        if (pool == null) {
            for (int q = 0; q < n; q++) {
                workers.get(0).search(x, q, k, labels);
            }
            return;
        }
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < t; w++) {
            int from = (int) ((long) n * w / t);
            int to = (int) ((long) n * (w + 1) / t);
            QuerySearcher s = workers.get(w);
            futures.add(pool.submit(() -> {
                for (int q = from; q < to; q++) {
                    s.search(x, q, k, labels);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** The searcher of worker 0, for single-query timing on the caller's thread. */
    QuerySearcher first() {
        return workers.get(0);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
