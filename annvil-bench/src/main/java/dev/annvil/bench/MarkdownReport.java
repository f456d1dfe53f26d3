package dev.annvil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Renders the side-by-side results as Markdown: a header listing the set-up, then one table row
 * per (engine, threads) with build seconds, batch QPS (median [min..max]), single-query QPS
 * (median), p50/p99 single-query latency in ms, and on Annvil's rows the ratios Annvil/FAISS of
 * batch and single-query QPS at the same thread count (above 1: Annvil is faster).
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    /**
     * @param setup lines printed above the table as a bullet list (data, parameters, machine)
     * @param annvil Annvil's runs
     * @param faiss FAISS's runs, or an empty list when FAISS was not run
     * @param footer lines printed below the table (recall, notes); may be empty
     */
    public static String render(
            List<String> setup, List<EngineRun> annvil, List<EngineRun> faiss, List<String> footer) {
        StringBuilder b = new StringBuilder();
        b.append("## Fashion-MNIST exact search (IndexFlatL2)\n\n");
        for (String line : setup) {
            b.append("- ").append(line).append('\n');
        }
        b.append('\n');
        b.append("| Engine | Threads | Build s | Batch QPS median [min..max] | Single-query QPS | p50 ms | p99 ms"
                + " | Annvil/FAISS batch | Annvil/FAISS single |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Integer> threads = new ArrayList<>();
        for (EngineRun r : annvil) {
            if (!threads.contains(r.threads())) {
                threads.add(r.threads());
            }
        }
        for (EngineRun r : faiss) {
            if (!threads.contains(r.threads())) {
                threads.add(r.threads());
            }
        }
        for (int t : threads) {
            EngineRun a = find(annvil, t);
            EngineRun f = find(faiss, t);
            if (a != null) {
                row(b, a, f);
            }
            if (f != null) {
                row(b, f, null);
            }
        }
        if (!footer.isEmpty()) {
            b.append('\n');
            for (String line : footer) {
                b.append(line).append('\n');
            }
        }
        return b.toString();
    }

    private static void row(StringBuilder b, EngineRun r, EngineRun faiss) {
        String batchRatio = "";
        String singleRatio = "";
        if (faiss != null) {
            batchRatio = String.format(Locale.ROOT, "%.2fx", r.batchQpsMedian() / faiss.batchQpsMedian());
            singleRatio = String.format(Locale.ROOT, "%.2fx", r.singleQpsMedian() / faiss.singleQpsMedian());
        } else if (r.engine().equals("Annvil")) {
            batchRatio = "n/a";
            singleRatio = "n/a";
        }
        b.append(String.format(
                Locale.ROOT,
                "| %s | %d | %.3f | %s [%s..%s] | %s | %.2f | %.2f | %s | %s |%n",
                r.engine(),
                r.threads(),
                r.buildSeconds(),
                qps(r.batchQpsMedian()),
                qps(r.batchQpsMin()),
                qps(r.batchQpsMax()),
                qps(r.singleQpsMedian()),
                r.p50Ms(),
                r.p99Ms(),
                batchRatio,
                singleRatio));
    }

    /** QPS with one decimal. */
    static String qps(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static EngineRun find(List<EngineRun> runs, int threads) {
        for (EngineRun r : runs) {
            if (r.threads() == threads) {
                return r;
            }
        }
        return null;
    }
}
