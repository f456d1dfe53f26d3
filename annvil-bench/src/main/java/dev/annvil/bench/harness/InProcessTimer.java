package dev.annvil.bench.harness;

import dev.annvil.bench.Recall;
import dev.annvil.bench.data.Dataset;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Times one curve point of an in-process (JVM) engine exactly as the Python scripts time FAISS and
 * hnswlib: batch search of all nq queries in one call (one untimed warm-up, then {@code
 * repetitions} timed calls; QPS = nq / seconds), then the first {@code singleQueries} queries one
 * call each (one untimed warm-up pass, then {@code repetitions} timed passes; QPS = count / seconds
 * of the pass; every call's latency in ms). Recall comes from the last batch repetition's labels.
 */
public final class InProcessTimer {
    private InProcessTimer() {}

    /** An engine's search paths at one parameter value and thread count. */
    public interface Searcher {
        /**
         * Searches n queries (x: n * d floats) in one batch with the configured threads; writes n * k
         * labels, row-major, nearest first, -1 padded.
         */
        void batch(int n, float[] x, int k, long[] labels) throws Exception;

        /** Searches one query (x: d floats) on the calling thread; writes k labels. */
        void single(float[] x, int k, long[] labels) throws Exception;
    }

    /**
     * Measures one point; progress goes to log prefixed with tag.
     *
     * @param value the swept parameter's value, or -1
     */
    public static CurvePoint measure(
            String tag, int value, int threads, Searcher s, Dataset ds, RunConfig cfg, PrintStream log)
            throws Exception {
        int d = ds.d();
        int nq = ds.nq();
        int k = cfg.k();
        long[] labels = new long[nq * k];
        s.batch(nq, ds.query(), k, labels); // warm-up
        double[] batchQps = new double[cfg.repetitions()];
        for (int r = 0; r < batchQps.length; r++) {
            Arrays.fill(labels, -1);
            long t0 = System.nanoTime();
            s.batch(nq, ds.query(), k, labels);
            batchQps[r] = nq / ((System.nanoTime() - t0) / 1e9);
        }
        double[] rec = recalls(labels, k, ds);
        int ns = Math.min(cfg.singleQueries(), nq);
        float[][] singles = new float[ns][];
        for (int i = 0; i < ns; i++) {
            singles[i] = Arrays.copyOfRange(ds.query(), i * d, (i + 1) * d);
        }
        long[] one = new long[k];
        for (float[] q : singles) { // warm-up
            s.single(q, k, one);
        }
        double[] singleQps = new double[cfg.repetitions()];
        double[] latencies = new double[cfg.repetitions() * ns];
        for (int r = 0; r < singleQps.length; r++) {
            long total = 0;
            for (int i = 0; i < ns; i++) {
                long t0 = System.nanoTime();
                s.single(singles[i], k, one);
                long e = System.nanoTime() - t0;
                total += e;
                latencies[r * ns + i] = e / 1e6;
            }
            singleQps[r] = ns / (total / 1e9);
        }
        CurvePoint p = new CurvePoint(value, threads, rec[0], rec[1], rec[2], batchQps, singleQps, latencies);
        log.printf(
                Locale.ROOT,
                "# %s t=%d %s: 10-recall@10 %.4f, batch %.1f QPS, single %.1f QPS%n",
                tag,
                threads,
                value < 0 ? "default" : "value " + value,
                p.recall10at10(),
                p.batchQpsMedian(),
                p.singleQpsMedian());
        return p;
    }

    /**
     * {1-recall@1, 1-recall@10, 10-recall@10} of nq * k labels against the ground truth (k &gt;= 10;
     * with k &lt; 10 the "10"s become k).
     */
    public static double[] recalls(long[] labels, int k, Dataset ds) {
        int r = Math.min(Math.min(10, k), ds.gtK());
        int nq = ds.nq();
        return new double[] {
            Recall.oneRecallAtR(labels, k, ds.groundTruth(), ds.gtK(), nq, 1),
            Recall.oneRecallAtR(labels, k, ds.groundTruth(), ds.gtK(), nq, r),
            Recall.recallRAtR(labels, k, ds.groundTruth(), ds.gtK(), nq, r)
        };
    }
}
