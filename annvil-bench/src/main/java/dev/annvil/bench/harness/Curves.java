package dev.annvil.bench.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * QPS of a recall-vs-QPS curve at a given recall, for the "Annvil / peer at the same recall" ratios.
 *
 * <p>Recall is 10-recall@10 (the x axis of the plots). The curve is first reduced to its Pareto
 * frontier (a point is dropped when another point has at least its recall and more QPS), so QPS
 * falls as recall rises. At a target recall r:
 *
 * <ul>
 *   <li>r above every point's recall: NaN (the engine never gets there: "n/a");
 *   <li>r at or below the lowest frontier recall: the QPS of that point (no extrapolation: the
 *       fastest measured point that reaches r);
 *   <li>otherwise: interpolation between the two frontier points around r, linear in recall and in
 *       log QPS (the plots' axes).
 * </ul>
 */
public final class Curves {
    /** The target recalls of the summary lines. */
    public static final double[] TARGETS = {0.90, 0.95, 0.99};

    private Curves() {}

    /** QPS at recall target, batch or single-query; NaN when the curve does not reach it. */
    public static double qpsAt(List<CurvePoint> points, double target, boolean batch) {
        ToDoubleFunction<CurvePoint> qps = batch ? CurvePoint::batchQpsMedian : CurvePoint::singleQpsMedian;
        List<double[]> frontier = frontier(points, qps);
        if (frontier.isEmpty() || target > frontier.getLast()[0]) {
            return Double.NaN;
        }
        if (target <= frontier.getFirst()[0]) {
            return frontier.getFirst()[1];
        }
        for (int i = 1; i < frontier.size(); i++) {
            double[] lo = frontier.get(i - 1);
            double[] hi = frontier.get(i);
            if (target <= hi[0]) {
                double t = (target - lo[0]) / (hi[0] - lo[0]);
                return Math.exp(Math.log(lo[1]) + t * (Math.log(hi[1]) - Math.log(lo[1])));
            }
        }
        return Double.NaN; // unreachable: target <= the last recall
    }

    /** The Pareto frontier as {recall, qps} pairs, recall ascending, QPS descending. */
    static List<double[]> frontier(List<CurvePoint> points, ToDoubleFunction<CurvePoint> qps) {
        List<double[]> all = new ArrayList<>();
        for (CurvePoint p : points) {
            double q = qps.applyAsDouble(p);
            if (q > 0 && !Double.isNaN(p.recall10at10())) {
                all.add(new double[] {p.recall10at10(), q});
            }
        }
        // Highest recall first; keep a point only if it is faster than every point of higher recall.
        all.sort(Comparator.<double[]>comparingDouble(a -> -a[0]).thenComparingDouble(a -> -a[1]));
        List<double[]> kept = new ArrayList<>();
        double best = -1;
        for (double[] a : all) {
            if (a[1] > best) {
                kept.add(a);
                best = a[1];
            }
        }
        return kept.reversed();
    }
}
