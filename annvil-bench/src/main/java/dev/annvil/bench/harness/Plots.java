package dev.annvil.bench.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws the recall-vs-QPS curves with XChart: one PNG per (thread count, batch or single-query),
 * 10-recall@10 on x, QPS on a logarithmic y axis, one line per (engine, index), points in sweep
 * order. Runs headless (sets {@code java.awt.headless}).
 */
public final class Plots {
    private Plots() {}

    /**
     * Writes {@code batch-t{threads}.png} and {@code single-t{threads}.png} into dir for every thread
     * count present.
     *
     * @return the file names written, in order
     */
    public static List<String> write(Path dir, String title, List<IndexRun> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Integer> threads = runs.stream()
                .flatMap(r -> r.points().stream())
                .map(CurvePoint::threads)
                .distinct()
                .sorted()
                .toList();
        List<String> files = new ArrayList<>();
        for (int t : threads) {
            for (boolean batch : new boolean[] {true, false}) {
                String name = (batch ? "batch" : "single") + "-t" + t;
                XYChart chart = chart(title, runs, t, batch);
                if (chart.getSeriesMap().isEmpty()) {
                    continue;
                }
                BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
                files.add(name + ".png");
            }
        }
        return files;
    }

    static XYChart chart(String title, List<IndexRun> runs, int threads, boolean batch) {
        XYChart chart = new XYChartBuilder()
                .width(1200)
                .height(640)
                .title(title + " - " + (batch ? "batch" : "single-query") + " QPS, " + threads
                        + (threads == 1 ? " thread" : " threads"))
                .xAxisTitle("10-recall@10")
                .yAxisTitle(batch ? "batch QPS (log)" : "single-query QPS (log)")
                .build();
        XYStyler st = chart.getStyler();
        chart.getStyler().setYAxisLogarithmic(true);
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendLayout(Styler.LegendLayout.Vertical);
        st.setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setXAxisDecimalPattern("0.00");
        chart.getStyler().setYAxisDecimalPattern("#,##0");
        double minX = 1;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (IndexRun r : runs) {
            List<CurvePoint> pts = r.at(threads);
            if (pts.isEmpty()) {
                continue;
            }
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = pts.get(i).recall10at10();
                y[i] = batch ? pts.get(i).batchQpsMedian() : pts.get(i).singleQpsMedian();
            }
            for (int i = 0; i < x.length; i++) {
                minX = Math.min(minX, x[i]);
                minY = Math.min(minY, y[i]);
                maxY = Math.max(maxY, y[i]);
            }
            XYSeries s = chart.addSeries(r.engine() + " " + r.spec().factory(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        if (maxY > 0) {
            // Fixed ranges: x from a round recall below the lowest point to 1; y one decade around the
            // points at least, so a single point per engine (flat) still gets readable axes.
            st.setXAxisMin(Math.max(0, Math.floor(minX * 20 - 1) / 20));
            st.setXAxisMax(1.0);
            st.setYAxisMin(Math.pow(10, Math.floor(Math.log10(minY / 1.5))));
            st.setYAxisMax(Math.pow(10, Math.ceil(Math.log10(maxY * 1.5))));
        }
        return chart;
    }
}
