package dev.annvil;

import dev.annvil.impl.RangeQueryResult;
import dev.annvil.impl.ResultHeap;
import java.util.function.Supplier;

/**
 * The exhaustive scans shared by {@link IndexFlat} (float vectors) and {@link IndexFlatCodes}
 * (codes): each index supplies only how to compute the distances of a query to a chunk of
 * consecutive stored positions ({@link Chunks}); collecting the k nearest, splitting one query
 * across threads and collecting range-search hits are here.
 *
 * <p>Labels are positions 0 .. ntotal-1. Distances are raw: squared L2, or inner product (larger
 * is nearer) when {@code ip} is true; heaps hold inner products negated, as {@link ResultHeap}
 * expects.
 */
final class FlatScan {
    private FlatScan() {}

    /** Distances of the current query to chunks of stored positions; not thread-safe, one per thread. */
    interface Chunks {
        /** Makes query q of the batch (d floats at x[q * d]) the current one. */
        void setQuery(int q);

        /** out[0 .. m) gets the raw distances of the current query to positions start .. start + m - 1. */
        void distances(int start, int m, float[] out);
    }

    /**
     * Offers positions [from, to) to the heap slice [base, base + k) of (hd, hl), a chunk of
     * buf.length at a time, skipping those {@code sel} (if not null) does not select.
     */
    static void scan(
            Chunks chunks,
            int from,
            int to,
            int k,
            float[] hd,
            long[] hl,
            int base,
            IDSelector sel,
            float[] buf,
            boolean ip) {
        for (int start = from; start < to; start += buf.length) {
            int m = Math.min(buf.length, to - start);
            chunks.distances(start, m, buf);
            float threshold = hd[base];
            for (int j = 0; j < m; j++) {
                float dis = ip ? -buf[j] : buf[j];
                if (dis < threshold && (sel == null || sel.isMember(start + j))) {
                    ResultHeap.push(hd, hl, base, k, dis, start + j);
                    threshold = hd[base];
                }
            }
        }
    }

    /**
     * The k nearest of positions 0 .. ntotal-1 to query 0, with the positions split into one range
     * per thread whose heaps are then merged: distances[0 .. k) and labels[0 .. k), sorted nearest
     * first, padded with label -1.
     */
    static void searchOneSplit(
            int ntotal,
            int k,
            float[] distances,
            long[] labels,
            IDSelector sel,
            boolean ip,
            int chunk,
            Supplier<Chunks> perThread) {
        int tasks = Parallelism.numThreads();
        float[] hd = new float[tasks * k];
        long[] hl = new long[tasks * k];
        Parallelism.forEach(tasks, t -> {
            Chunks chunks = perThread.get();
            chunks.setQuery(0);
            ResultHeap.init(hd, hl, t * k, k);
            int from = (int) ((long) ntotal * t / tasks);
            int to = (int) ((long) ntotal * (t + 1) / tasks);
            scan(chunks, from, to, k, hd, hl, t * k, sel, new float[chunk], ip);
        });
        ResultHeap.init(distances, labels, 0, k);
        for (int i = 0; i < tasks * k; i++) {
            if (hl[i] >= 0) {
                ResultHeap.push(distances, labels, 0, k, hd[i], hl[i]);
            }
        }
        ResultHeap.sort(distances, labels, 0, k, ip);
    }

    /**
     * Range search of n queries over positions 0 .. ntotal-1: the positions whose distance is below
     * radius (L2) or above it (inner product) and that {@code sel} (if not null) selects, in
     * position order, with their raw distances. Queries run in parallel, one {@link Chunks} per
     * thread.
     */
    static RangeSearchResult rangeSearch(
            int n, int ntotal, float radius, IDSelector sel, boolean ip, int chunk, Supplier<Chunks> perThread) {
        long[][] perLabels = new long[n][];
        float[][] perDistances = new float[n][];
        int tasks = Math.max(1, Math.min(n, Parallelism.numThreads()));
        Parallelism.forEach(tasks, t -> {
            Chunks chunks = perThread.get();
            float[] buf = new float[chunk];
            RangeQueryResult hits = new RangeQueryResult();
            for (int q = t; q < n; q += tasks) {
                chunks.setQuery(q);
                hits.clear();
                for (int start = 0; start < ntotal; start += chunk) {
                    int m = Math.min(chunk, ntotal - start);
                    chunks.distances(start, m, buf);
                    for (int j = 0; j < m; j++) {
                        boolean hit = ip ? buf[j] > radius : buf[j] < radius;
                        if (hit && (sel == null || sel.isMember(start + j))) {
                            hits.add(buf[j], start + j);
                        }
                    }
                }
                perLabels[q] = hits.labels();
                perDistances[q] = hits.distances();
            }
        });
        return RangeSearchResults.concat(n, perLabels, perDistances);
    }
}
