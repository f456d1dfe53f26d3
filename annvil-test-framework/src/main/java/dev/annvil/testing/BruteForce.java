package dev.annvil.testing;

import dev.annvil.MetricType;
import java.util.Arrays;
import java.util.Comparator;

/**
 * The obviously-correct reference: double-precision distances of every query to every vector,
 * fully sorted. Slow (O(n * ntotal * d) plus sorting), for tests only.
 */
public final class BruteForce {
    private BruteForce() {}

    /** Exact distance in double precision: squared L2 or inner product. */
    public static double distance(MetricType metric, float[] x, int xOff, float[] y, int yOff, int d) {
        double s = 0;
        for (int j = 0; j < d; j++) {
            if (metric == MetricType.L2) {
                double t = (double) x[xOff + j] - y[yOff + j];
                s += t * t;
            } else {
                s += (double) x[xOff + j] * y[yOff + j];
            }
        }
        return s;
    }

    /**
     * For one query, all positions 0 .. ntotal-1 ordered nearest first (ties by position).
     *
     * @param xb ntotal * d database floats
     */
    public static Integer[] ranking(MetricType metric, float[] q, int qOff, float[] xb, int ntotal, int d) {
        double[] dist = new double[ntotal];
        for (int i = 0; i < ntotal; i++) {
            dist[i] = distance(metric, q, qOff, xb, i * d, d);
        }
        Integer[] order = new Integer[ntotal];
        for (int i = 0; i < ntotal; i++) {
            order[i] = i;
        }
        Comparator<Integer> byDistance = Comparator.comparingDouble(i -> dist[i]);
        if (metric == MetricType.INNER_PRODUCT) {
            byDistance = byDistance.reversed();
        }
        Arrays.sort(order, byDistance.thenComparingInt(i -> i));
        return order;
    }
}
