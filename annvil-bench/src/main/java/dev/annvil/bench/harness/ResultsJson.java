package dev.annvil.bench.harness;

import dev.annvil.bench.Stats;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The raw numbers of a harness run as JSON ({@code results.json}): set-up, then per (engine, index)
 * build seconds, index bytes, peak RSS bytes and every curve point with its recalls, all batch and
 * single-query QPS samples, every single-query latency (ms) and its p50/p95/p99.
 */
public final class ResultsJson {
    private ResultsJson() {}

    /** The document; {@code meta} values are strings, numbers or lists of strings. */
    public static String render(Map<String, Object> meta, List<IndexRun> runs, List<String> notes) {
        StringBuilder b = new StringBuilder("{\n");
        for (Map.Entry<String, Object> e : meta.entrySet()) {
            b.append("  ")
                    .append(str(e.getKey()))
                    .append(": ")
                    .append(value(e.getValue()))
                    .append(",\n");
        }
        b.append("  \"notes\": ").append(value(notes)).append(",\n");
        b.append("  \"runs\": [");
        for (int i = 0; i < runs.size(); i++) {
            IndexRun r = runs.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {");
            b.append("\"engine\": ").append(str(r.engine()));
            b.append(", \"version\": ").append(str(r.engineVersion()));
            b.append(", \"index\": ").append(str(r.spec().factory()));
            b.append(", \"family\": ").append(str(r.spec().family().name()));
            b.append(", \"param\": ")
                    .append(r.spec().param() == null ? "null" : str(r.spec().param()));
            b.append(", \"M\": ").append(r.spec().m());
            b.append(", \"efConstruction\": ").append(r.spec().efConstruction());
            b.append(", \"build_s\": ").append(num(r.buildSeconds()));
            b.append(", \"index_bytes\": ").append(r.indexBytes());
            b.append(", \"index_bytes_method\": ").append(str(r.indexBytesMethod()));
            b.append(", \"peak_rss_bytes\": ").append(r.peakRssBytes());
            b.append(", \"notes\": ").append(value(r.notes()));
            b.append(",\n      \"points\": [");
            for (int j = 0; j < r.points().size(); j++) {
                CurvePoint p = r.points().get(j);
                b.append(j == 0 ? "\n" : ",\n").append("        {");
                b.append("\"value\": ").append(p.value());
                b.append(", \"threads\": ").append(p.threads());
                b.append(", \"recall_at_1\": ").append(num(p.recall1()));
                b.append(", \"recall_at_10\": ").append(num(p.recall10()));
                b.append(", \"recall_10_at_10\": ").append(num(p.recall10at10()));
                b.append(", \"batch_qps\": ").append(nums(p.batchQps()));
                b.append(", \"single_qps\": ").append(nums(p.singleQps()));
                b.append(", \"latency_ms_p50\": ").append(num(p.p50Ms()));
                b.append(", \"latency_ms_p95\": ").append(num(Stats.percentile(p.latenciesMs(), 95)));
                b.append(", \"latency_ms_p99\": ").append(num(p.p99Ms()));
                b.append(", \"latencies_ms\": ").append(nums(p.latenciesMs()));
                b.append('}');
            }
            b.append("\n      ]}");
        }
        b.append("\n  ]\n}\n");
        return b.toString();
    }

    static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number n) {
            return num(n.doubleValue());
        }
        if (v instanceof List<?> l) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                b.append(i == 0 ? "" : ", ").append(value(l.get(i)));
            }
            return b.append(']').toString();
        }
        return str(String.valueOf(v));
    }

    static String num(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "null";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String nums(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(num(v[i]));
        }
        return b.append(']').toString();
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
