package dev.annvil;

import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an index from a FAISS factory string: comma-separated components, read left to right.
 *
 * <pre>
 *   [IDMap, | IDMap2,]  main  [,RFlat | ,Refine(Flat)]
 *   main := Flat
 *         | IVF{nlist}[_HNSW{M}] , (Flat | PQ{M}[x{nbits}] | SQ4 | SQ6 | SQ8 | SQfp16)
 *         | PQ{M}[x{nbits}] | SQ4 | SQ6 | SQ8 | SQfp16
 *         | HNSW[{M}] [,Flat]  |  HNSW[{M}](,|_)SQ{4|6|8|fp16}  |  HNSW[{M}](,|_)PQ{M}
 * </pre>
 *
 * nlist may end in {@code k} (x1024) or {@code M} (x1024^2); HNSW's M defaults to 32 and PQ's nbits
 * to 8, as in FAISS. The metric applies to every level (coarse quantizers included). Strings FAISS
 * knows that Annvil does not implement yet (transforms such as PCA, OPQ, L2norm; IMI; LSH) raise
 * an {@link IllegalArgumentException} saying "not supported yet"; anything else unknown raises one
 * quoting the offending token.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/index_factory.cpp">faiss/index_factory.cpp</a>
 * @see <a href="https://github.com/facebookresearch/faiss/wiki/The-index-factory">The index factory</a>
 */
public final class IndexFactory {
    private static final Pattern IVF = Pattern.compile("IVF([0-9]+)([kM]?)(?:_HNSW([0-9]*))?");
    private static final Pattern PQ = Pattern.compile("PQ([0-9]+)(?:x([0-9]+))?(np)?");
    private static final Pattern SQ = Pattern.compile("SQ(4|6|8|fp16)");
    private static final Pattern HNSW = Pattern.compile("HNSW([0-9]*)(?:_(SQ(?:4|6|8|fp16)|PQ[0-9]+))?");
    private static final Pattern NOT_YET = Pattern.compile(
            "(PCAW?R?[0-9]+|OPQ[0-9]+(_[0-9]+)?|L2[nN]orm|RR[0-9]*|ITQ[0-9]*|Pad[0-9]+|IMI[0-9]+x[0-9]+|LSH.*|NSG.*"
                    + "|Refine\\(.*\\)|PQ[0-9]+\\+[0-9]+|.*fs|.*FastScan.*|RQ.*|LSQ.*|PRQ.*|ZnLattice.*|Residual.*)");

    private IndexFactory() {}

    /**
     * An empty index for the description.
     *
     * @param d vector dimension
     * @param description FAISS factory string, e.g. "IVF256,PQ16", "HNSW32", "IDMap2,Flat"
     * @param metric the metric of the index
     * @throws IllegalArgumentException if d &lt; 1, if the string is unknown or not supported yet
     *     (the message quotes the token), or if its parameters do not fit d (e.g. PQ's M must divide d)
     */
    public static Index create(int d, String description, MetricType metric) {
        Checks.positive("d", d);
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(metric, "metric is null");
        List<String> tokens = split(description);
        String idmap = null;
        if (!tokens.isEmpty() && (tokens.get(0).equals("IDMap") || tokens.get(0).equals("IDMap2"))) {
            idmap = tokens.remove(0);
        }
        boolean refine = false;
        if (!tokens.isEmpty()) {
            String last = tokens.get(tokens.size() - 1);
            if (last.equals("RFlat") || last.equals("Refine(Flat)")) {
                refine = true;
                tokens.remove(tokens.size() - 1);
            }
        }
        Index index;
        try {
            index = main(d, tokens, metric, description);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("index_factory")) {
                throw e;
            }
            throw new IllegalArgumentException(
                    "index_factory: \"" + description + "\" does not fit d=" + d + ": " + e.getMessage(), e);
        }
        if (refine) {
            index = new IndexRefineFlat(index);
        }
        if (idmap != null) {
            index = idmap.equals("IDMap2") ? new IndexIDMap2(index) : new IndexIDMap(index);
        }
        return index;
    }

    private static Index main(int d, List<String> tokens, MetricType metric, String description) {
        if (tokens.isEmpty()) {
            throw error("no index type", description);
        }
        String first = tokens.get(0);
        notYet(first, description);
        Matcher m;
        if (tokens.size() == 1 && first.equals("Flat")) {
            return flat(d, metric);
        }
        if ((m = IVF.matcher(first)).matches()) {
            if (tokens.size() != 2) {
                throw error(
                        tokens.size() == 1
                                ? "IVF needs an encoding, e.g. \"" + first + ",Flat\""
                                : "unexpected \"" + tokens.get(2) + "\"",
                        description);
            }
            int nlist = nlist(m.group(1), m.group(2), description);
            Index quantizer = m.group(3) != null
                    ? new IndexHNSWFlat(d, m.group(3).isEmpty() ? 32 : Integer.parseInt(m.group(3)), metric)
                    : flat(d, metric);
            return ivf(d, nlist, quantizer, tokens.get(1), metric, description);
        }
        if ((m = HNSW.matcher(first)).matches()) {
            int hnswM = m.group(1).isEmpty() ? 32 : Integer.parseInt(m.group(1));
            String storage = m.group(2) != null ? m.group(2) : tokens.size() == 2 ? tokens.get(1) : "Flat";
            if (tokens.size() > 2 || (m.group(2) != null && tokens.size() > 1)) {
                throw error("unexpected \"" + tokens.get(tokens.size() - 1) + "\"", description);
            }
            return hnsw(d, hnswM, storage, metric, description);
        }
        if (tokens.size() == 1) {
            if ((m = PQ.matcher(first)).matches()) {
                return new IndexPQ(d, Integer.parseInt(m.group(1)), nbits(m.group(2)), metric);
            }
            if ((m = SQ.matcher(first)).matches()) {
                return new IndexScalarQuantizer(d, qtype(m.group(1)), metric);
            }
        }
        for (String t : tokens) {
            notYet(t, description);
        }
        throw error("could not parse \"" + first + "\"", description);
    }

    private static Index ivf(
            int d, int nlist, Index quantizer, String encoding, MetricType metric, String description) {
        notYet(encoding, description);
        Matcher m;
        if (encoding.equals("Flat")) {
            return new IndexIVFFlat(quantizer, d, nlist, metric);
        }
        if ((m = PQ.matcher(encoding)).matches()) {
            return new IndexIVFPQ(quantizer, d, nlist, Integer.parseInt(m.group(1)), nbits(m.group(2)), metric);
        }
        if ((m = SQ.matcher(encoding)).matches()) {
            return new IndexIVFScalarQuantizer(quantizer, d, nlist, qtype(m.group(1)), metric);
        }
        throw error("could not parse \"" + encoding + "\"", description);
    }

    private static Index hnsw(int d, int hnswM, String storage, MetricType metric, String description) {
        notYet(storage, description);
        Matcher m;
        if (storage.equals("Flat")) {
            return new IndexHNSWFlat(d, hnswM, metric);
        }
        if ((m = SQ.matcher(storage)).matches()) {
            return new IndexHNSWSQ(d, qtype(m.group(1)), hnswM, metric);
        }
        if ((m = PQ.matcher(storage)).matches() && m.group(2) == null) {
            if (metric != MetricType.L2) {
                throw error("HNSW with PQ storage supports only L2", description);
            }
            return new IndexHNSWPQ(d, Integer.parseInt(m.group(1)), hnswM);
        }
        throw error("could not parse \"" + storage + "\"", description);
    }

    private static Index flat(int d, MetricType metric) {
        return metric == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
    }

    private static int nlist(String digits, String suffix, String description) {
        long n = Long.parseLong(digits) * (suffix.equals("k") ? 1024L : suffix.equals("M") ? 1024L * 1024 : 1L);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw error("nlist=" + n + " is out of range", description);
        }
        return (int) n;
    }

    private static int nbits(String group) {
        return group == null ? 8 : Integer.parseInt(group);
    }

    /** FAISS's SQ suffixes: 4, 6, 8 bits per component, fp16. */
    static QuantizerType qtype(String suffix) {
        return switch (suffix) {
            case "4" -> QuantizerType.QT_4bit;
            case "6" -> QuantizerType.QT_6bit;
            case "8" -> QuantizerType.QT_8bit;
            case "fp16" -> QuantizerType.QT_fp16;
            default -> throw new IllegalArgumentException("SQ" + suffix + " is not one of SQ4, SQ6, SQ8, SQfp16");
        };
    }

    private static void notYet(String token, String description) {
        if (NOT_YET.matcher(token).matches()) {
            throw new IllegalArgumentException(
                    "index_factory: \"" + token + "\" in \"" + description + "\" is not supported yet");
        }
    }

    private static IllegalArgumentException error(String what, String description) {
        return new IllegalArgumentException("index_factory: " + what + " in \"" + description + "\"");
    }

    /** Splits at commas that are not inside parentheses, trimming each component. */
    static List<String> split(String description) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                out.add(description.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(description.substring(start).trim());
        return out;
    }

    /** The metric named by a string: "L2", or "IP" / "INNER_PRODUCT" (case-insensitive). */
    public static MetricType metric(String name) {
        return switch (name.trim().toUpperCase(Locale.ROOT)) {
            case "L2" -> MetricType.L2;
            case "IP", "INNER_PRODUCT", "METRIC_INNER_PRODUCT" -> MetricType.INNER_PRODUCT;
            default -> throw new IllegalArgumentException("metric=" + name + " is not one of L2, IP");
        };
    }
}
