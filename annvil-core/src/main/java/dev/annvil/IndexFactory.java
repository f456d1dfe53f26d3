package dev.annvil;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds an index from a FAISS factory string, such as {@code "Flat"}, {@code "IDMap,Flat"},
 * {@code "IVF256,Flat"}, {@code "IVF4096,PQ16"} or {@code "HNSW32"}: comma-separated components,
 * optional {@code IDMap}/{@code IDMap2} prefix, then the index proper.
 *
 * <p>Grammar so far (FAISS's, a growing subset): {@code [IDMap,|IDMap2,] Flat}. Strings that FAISS
 * knows but Annvil does not implement yet raise {@link IllegalArgumentException} saying "not
 * supported yet" and quoting the token; unknown strings raise it quoting the offending token.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/index_factory.cpp">faiss/index_factory.cpp</a>
 * @see <a href="https://github.com/facebookresearch/faiss/wiki/The-index-factory">The index factory</a>
 */
public final class IndexFactory {
    private static final Pattern KNOWN_LATER = Pattern.compile(
            "(IVF\\d+.*|PQ\\d+.*|SQ\\w+|HNSW\\d+.*|RFlat|Refine\\(.*\\)|PCA\\w*\\d+.*|OPQ\\d+.*|L2norm|LSH.*|B?Flat.*|NSG.*|RR\\d+|ITQ.*)");

    private IndexFactory() {}

    /**
     * An empty index for the description.
     *
     * @param d vector dimension
     * @param description FAISS factory string
     * @param metric the metric of the index
     * @throws IllegalArgumentException if d &lt; 1, or the string is unknown or not supported yet
     *     (the message quotes the token)
     */
    public static Index create(int d, String description, MetricType metric) {
        Checks.positive("d", d);
        Objects.requireNonNull(description, "description is null");
        Objects.requireNonNull(metric, "metric is null");
        String s = description.trim();
        String idmap = null;
        int comma = s.indexOf(',');
        String first = comma < 0 ? s : s.substring(0, comma);
        if (first.equals("IDMap") || first.equals("IDMap2")) {
            idmap = first;
            s = comma < 0 ? "" : s.substring(comma + 1).trim();
        }
        Index index = createPlain(d, s, metric, description);
        if (idmap == null) {
            return index;
        }
        return idmap.equals("IDMap2") ? new IndexIDMap2(index) : new IndexIDMap(index);
    }

    private static Index createPlain(int d, String s, MetricType metric, String description) {
        if (s.equals("Flat")) {
            return metric == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
        }
        String token = firstToken(s);
        Matcher m = KNOWN_LATER.matcher(token);
        if (m.matches() && !token.isEmpty()) {
            throw new IllegalArgumentException(
                    "index_factory: \"" + token + "\" in \"" + description + "\" is not supported yet");
        }
        throw new IllegalArgumentException(
                "index_factory: could not parse \"" + (token.isEmpty() ? s : token) + "\" in \"" + description + "\"");
    }

    private static String firstToken(String s) {
        int comma = s.indexOf(',');
        return (comma < 0 ? s : s.substring(0, comma)).trim();
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
