package dev.annvil.bench.server;

import dev.annvil.bench.FlatBenchmark;
import dev.annvil.bench.harness.HarnessMain;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code annvil bench server}: runs {@link ServerLoad} and writes {@code report.md}, {@code
 * results.json} and {@code requests-per-second.png} (clients on x, requests/s on a log y axis, one
 * line per case). Units: requests/s, vectors/s, queries/s; latency in ms (round trip, client side).
 */
public final class ServerLoadMain {
    /** Usage text. */
    public static final String USAGE = """
            usage: server [--server tcp://127.0.0.1:PORT] [--clients 1,4,16] [--duration 5] [--out DIR]
              --server URL        a running FAISSx server on loopback (default: start one in-process, in memory)
              --clients LIST      concurrent clients (default 1,4,16)
              --duration S        timed seconds per case and client count (default 5), after a short warm-up
              --n N, --d D        the flat index (default 10000 x 128)
              --indexes N         indexes in the many-indexes case (default 50), each --index-size vectors (2000)
              --batch-queries N   queries per batch-search request (default 1000)
              --add-vectors N     vectors added per add case (default 100000), in requests of 100 and of 1000
              --out DIR           report folder (default bench-results/server-<date-time>)
            """;

    private ServerLoadMain() {}

    /** Runs and writes the report; returns the Markdown. */
    public static String run(String[] args, PrintStream out) throws IOException, InterruptedException {
        ServerLoadOptions o = ServerLoadOptions.parse(args, 1);
        String loadBefore = HarnessMain.loadAverage();
        ServerLoad.Outcome r = ServerLoad.run(o, out);
        List<String> setup = new ArrayList<>();
        setup.add("server: " + r.endpoint() + (r.inProcess() ? " (Annvil, in-process, in memory, same JVM)" : ""));
        setup.add(String.format(
                Locale.ROOT,
                "flat L2 index %d x %d (seeded synthetic-128 vectors), k=10; %s s per case after a warm-up;"
                        + " add: %d vectors into each of 3 fresh indexes, median; vectors sent as float64 lists"
                        + " (as the FAISSx client sends them)",
                o.n,
                o.d,
                o.durationSeconds,
                o.addVectors));
        setup.add("JVM: " + FlatBenchmark.jvmDescription() + "; CPU: " + FlatBenchmark.cpuDescription());
        setup.add("machine load (1/5/15-min load average): " + loadBefore + " before, " + HarnessMain.loadAverage()
                + " after; clients and server share the machine's cores");
        StringBuilder b = new StringBuilder("## Server load (FAISSx protocol over loopback)\n\n");
        setup.forEach(s -> b.append("- ").append(s).append('\n'));
        b.append("\n| Case | Clients | Requests/s | Vectors or queries/s | p50 ms | p95 ms | p99 ms | Errors |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (LoadResult x : r.results()) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %.0f | %.3f | %.3f | %.3f | %d |%n",
                    x.name(),
                    x.clients(),
                    x.requestsPerSecond(),
                    x.itemsPerSecond(),
                    x.latencyMs(50),
                    x.latencyMs(95),
                    x.latencyMs(99),
                    x.errors()));
        }
        Path dir = o.out != null ? o.out : ServerLoad.defaultOut();
        Files.createDirectories(dir);
        b.append("\nPlot: requests-per-second.png (clients on x, requests/s on a log y axis)\n");
        String md = b.toString();
        Files.writeString(dir.resolve("report.md"), md);
        Files.writeString(dir.resolve("results.json"), json(setup, r.results()));
        plot(dir.resolve("requests-per-second"), r.results());
        out.println();
        out.print(md);
        out.println();
        out.println(
                "# report written to " + dir.toAbsolutePath() + ": report.md, results.json, requests-per-second.png");
        return md;
    }

    private static void plot(Path file, List<LoadResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(1000)
                .height(600)
                .title("Annvil server over FAISSx: requests/s by concurrent clients")
                .xAxisTitle("concurrent clients")
                .yAxisTitle("requests/s (log)")
                .build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        for (String name : results.stream().map(LoadResult::name).distinct().toList()) {
            List<LoadResult> rs =
                    results.stream().filter(x -> x.name().equals(name)).toList();
            // a log axis cannot show a case in which no request succeeded: it is left out of the plot (the
            // table reports it, with its errors)
            List<LoadResult> shown =
                    rs.stream().filter(x -> x.requestsPerSecond() > 0).toList();
            if (shown.isEmpty()) {
                continue;
            }
            double[] x = shown.stream().mapToDouble(LoadResult::clients).toArray();
            double[] y =
                    shown.stream().mapToDouble(LoadResult::requestsPerSecond).toArray();
            chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static String json(List<String> setup, List<LoadResult> results) {
        StringBuilder b = new StringBuilder("{\n  \"setup\": [");
        for (int i = 0; i < setup.size(); i++) {
            b.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(setup.get(i).replace("\"", "\\\""))
                    .append('"');
        }
        b.append("],\n  \"cases\": [");
        for (int i = 0; i < results.size(); i++) {
            LoadResult x = results.get(i);
            b.append(i == 0 ? "\n" : ",\n")
                    .append(String.format(
                            Locale.ROOT,
                            "    {\"case\": \"%s\", \"clients\": %d, \"seconds\": %.4f, \"requests\": %d, \"items\": %d,"
                                    + " \"errors\": %d, \"requests_per_s\": %.3f, \"items_per_s\": %.3f,"
                                    + " \"items_per_s_samples\": %s, \"latency_ms_p50\": %.4f,"
                                    + " \"latency_ms_p95\": %.4f, \"latency_ms_p99\": %.4f}",
                            x.name(),
                            x.clients(),
                            x.seconds(),
                            x.requests(),
                            x.items(),
                            x.errors(),
                            x.requestsPerSecond(),
                            x.itemsPerSecond(),
                            java.util.Arrays.toString(x.itemsPerSecondSamples()),
                            x.latencyMs(50),
                            x.latencyMs(95),
                            x.latencyMs(99)));
        }
        return b.append("\n  ]\n}\n").toString();
    }
}
