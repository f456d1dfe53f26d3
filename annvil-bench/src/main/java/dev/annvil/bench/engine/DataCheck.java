package dev.annvil.bench.engine;

import dev.annvil.bench.data.Dataset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Evidence that two engines searched the same data: the first and last base and query vectors,
 * the first and last ground-truth rows, and float64 sums of all base and query components. The
 * Python engines report theirs from the files they read; {@link #of(Dataset)} computes Annvil's.
 *
 * @param baseFirst base vector 0, d floats
 * @param baseLast base vector nb - 1
 * @param queryFirst query 0
 * @param queryLast query nq - 1
 * @param gtFirst ground-truth row 0, gtK ids
 * @param gtLast ground-truth row nq - 1
 * @param baseSum sum of all nb * d base components
 * @param querySum sum of all nq * d query components
 */
public record DataCheck(
        float[] baseFirst,
        float[] baseLast,
        float[] queryFirst,
        float[] queryLast,
        int[] gtFirst,
        int[] gtLast,
        double baseSum,
        double querySum) {

    /** What the JVM engines see. */
    public static DataCheck of(Dataset ds) {
        int d = ds.d();
        int k = ds.gtK();
        return new DataCheck(
                Arrays.copyOfRange(ds.base(), 0, d),
                Arrays.copyOfRange(ds.base(), (ds.nb() - 1) * d, ds.nb() * d),
                Arrays.copyOfRange(ds.query(), 0, d),
                Arrays.copyOfRange(ds.query(), (ds.nq() - 1) * d, ds.nq() * d),
                Arrays.copyOfRange(ds.groundTruth(), 0, k),
                Arrays.copyOfRange(ds.groundTruth(), (ds.nq() - 1) * k, ds.nq() * k),
                sum(ds.base()),
                sum(ds.query()));
    }

    /** Reads the "check" object the Python script prints. */
    static DataCheck fromJson(Map<?, ?> m) {
        return new DataCheck(
                floats(m.get("base_first")),
                floats(m.get("base_last")),
                floats(m.get("query_first")),
                floats(m.get("query_last")),
                ints(m.get("gt_first")),
                ints(m.get("gt_last")),
                ((Number) m.get("base_sum")).doubleValue(),
                ((Number) m.get("query_sum")).doubleValue());
    }

    /**
     * Null when other describes the same data (vectors and ids equal bit for bit, sums within a
     * relative 1e-7, since summation order differs), else what differs.
     */
    public String mismatch(DataCheck other) {
        if (!Arrays.equals(baseFirst, other.baseFirst) || !Arrays.equals(baseLast, other.baseLast)) {
            return "first/last base vectors differ";
        }
        if (!Arrays.equals(queryFirst, other.queryFirst) || !Arrays.equals(queryLast, other.queryLast)) {
            return "first/last query vectors differ";
        }
        if (!Arrays.equals(gtFirst, other.gtFirst) || !Arrays.equals(gtLast, other.gtLast)) {
            return "first/last ground-truth rows differ";
        }
        if (!close(baseSum, other.baseSum) || !close(querySum, other.querySum)) {
            return "sums differ: base " + baseSum + " vs " + other.baseSum + ", query " + querySum + " vs "
                    + other.querySum;
        }
        return null;
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) <= 1e-7 * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static double sum(float[] x) {
        double s = 0;
        for (float v : x) {
            s += v;
        }
        return s;
    }

    private static float[] floats(Object o) {
        List<?> l = (List<?>) o;
        float[] a = new float[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((Number) l.get(i)).floatValue();
        }
        return a;
    }

    private static int[] ints(Object o) {
        List<?> l = (List<?>) o;
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = ((Number) l.get(i)).intValue();
        }
        return a;
    }
}
