package dev.annvil.bench.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders a harness run as Markdown: the set-up as a bullet list, a table of build cost and memory
 * per (engine, index), a table of every curve point, and the "Annvil / peer at the same recall"
 * summary (QPS ratios interpolated on the curves by {@link Curves}; above 1: Annvil is faster).
 *
 * <p>Units: build in seconds; memory in MiB (2^20 bytes); QPS in queries per second; latency in ms.
 */
public final class HarnessReport {
    private HarnessReport() {}

    /**
     * @param title the heading, e.g. "fashion-mnist, suite flat"
     * @param setup bullet lines (data, parameters, machine, load)
     * @param runs every engine's runs, in run order
     * @param notes lines printed at the end (skipped engines and indexes, failures)
     * @param plots file names of the plots, relative to the report
     */
    public static String render(
            String title, List<String> setup, List<IndexRun> runs, List<String> notes, List<String> plots) {
        StringBuilder b = new StringBuilder();
        b.append("## Recall vs QPS: ").append(title).append("\n\n");
        for (String line : setup) {
            b.append("- ").append(line).append('\n');
        }
        b.append("\n### Build and memory\n\n");
        b.append("| Engine | Index | Build s | Index MiB | Measured as | Peak RSS MiB |\n");
        b.append("|---|---|---:|---:|---|---:|\n");
        for (IndexRun r : runs) {
            b.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %.3f | %.1f | %s | %s |%n",
                    r.engine(),
                    r.spec().factory(),
                    r.buildSeconds(),
                    r.indexBytes() / 1048576.0,
                    r.indexBytesMethod(),
                    r.peakRssBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", r.peakRssBytes() / 1048576.0)));
        }
        b.append("\n### Curves\n\n");
        b.append("R@1 = 1-recall@1, R@10 = 1-recall@10, 10-R@10 = 10-recall@10 (the plots' x axis). "
                + "Batch QPS: median [min..max] over repetitions.\n\n");
        b.append("| Engine | Index | Threads | Param | R@1 | R@10 | 10-R@10 | Batch QPS | Single QPS | p50 ms | p99 ms"
                + " |\n");
        b.append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (IndexRun r : runs) {
            for (CurvePoint p : r.points()) {
                String param = p.value() < 0 ? "-" : r.spec().param() + "=" + p.value();
                b.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %d | %s | %.4f | %.4f | %.4f | %s [%s..%s] | %s | %.3f | %.3f |%n",
                        r.engine(),
                        r.spec().factory(),
                        p.threads(),
                        param,
                        p.recall1(),
                        p.recall10(),
                        p.recall10at10(),
                        qps(p.batchQpsMedian()),
                        qps(dev.annvil.bench.Stats.min(p.batchQps())),
                        qps(dev.annvil.bench.Stats.max(p.batchQps())),
                        qps(p.singleQpsMedian()),
                        p.p50Ms(),
                        p.p99Ms()));
            }
        }
        List<String> ratios = ratioRows(runs);
        if (!ratios.isEmpty()) {
            b.append("\n### Annvil / peer at the same recall\n\n");
            b.append("QPS of Annvil divided by the peer's at the same 10-recall@10, interpolated on each curve:"
                    + " batch (single-query in parentheses); n/a where a curve does not reach that recall.\n\n");
            b.append("| Index | Peer | Threads | at 0.90 | at 0.95 | at 0.99 |\n");
            b.append("|---|---|---:|---:|---:|---:|\n");
            ratios.forEach(b::append);
        }
        if (!plots.isEmpty()) {
            b.append("\nPlots (10-recall@10 on x, QPS on a log y axis): ")
                    .append(String.join(", ", plots))
                    .append('\n');
        }
        if (!notes.isEmpty()) {
            b.append("\nNotes:\n");
            for (String n : notes) {
                b.append("- ").append(n).append('\n');
            }
        }
        return b.toString();
    }

    /** One row per (Annvil index, peer engine with the same index, threads). */
    static List<String> ratioRows(List<IndexRun> runs) {
        List<String> rows = new ArrayList<>();
        for (IndexRun a : runs) {
            if (!a.engine().equals("Annvil")) {
                continue;
            }
            for (IndexRun peer : runs) {
                if (peer.engine().equals("Annvil") || !peer.spec().equals(a.spec())) {
                    continue;
                }
                for (int t : threads(a)) {
                    List<CurvePoint> pa = a.at(t);
                    List<CurvePoint> pp = peer.at(t);
                    if (pp.isEmpty()) {
                        continue;
                    }
                    StringBuilder row = new StringBuilder();
                    row.append("| ")
                            .append(a.spec().factory())
                            .append(" | ")
                            .append(peer.engine())
                            .append(" | ")
                            .append(t)
                            .append(" |");
                    for (double target : Curves.TARGETS) {
                        row.append(' ')
                                .append(ratio(Curves.qpsAt(pa, target, true), Curves.qpsAt(pp, target, true)))
                                .append(" (")
                                .append(ratio(Curves.qpsAt(pa, target, false), Curves.qpsAt(pp, target, false)))
                                .append(") |");
                    }
                    rows.add(row.append('\n').toString());
                }
            }
        }
        return rows;
    }

    private static List<Integer> threads(IndexRun r) {
        return r.points().stream().map(CurvePoint::threads).distinct().toList();
    }

    private static String ratio(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b) || b == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.2fx", a / b);
    }

    /** QPS with one decimal. */
    static String qps(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
