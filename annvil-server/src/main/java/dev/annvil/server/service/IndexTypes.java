package dev.annvil.server.service;

import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses FAISSx {@code index_type} strings into {@link IndexSpec}s (faissx-protocol.md §7.2, §7.5).
 *
 * <table>
 *   <caption>Accepted strings</caption>
 *   <tr><th>String</th><th>Index</th></tr>
 *   <tr><td>{@code L2}, {@code Flat}, {@code IP}</td><td>exact flat</td></tr>
 *   <tr><td>{@code HNSW}, {@code HNSW<M>}, {@code HNSW<M>_IP}, {@code HNSW<M>,Flat}</td>
 *       <td>IndexHNSWFlat, M (default 32); other suffixes: M=32, L2 (as the reference)</td></tr>
 *   <tr><td>{@code IVF}, {@code IVF_IP}, {@code IVF<n>}, {@code IVF<n>_IP}, {@code IVF<n>,Flat}</td>
 *       <td>IndexIVFFlat, nlist n (default 100)</td></tr>
 *   <tr><td>{@code IVF<n>,PQ<M>x<b>}, {@code IVF<n>,PQ<M>} (+ {@code _IP})</td><td>IVF-PQ</td></tr>
 *   <tr><td>{@code IVF<n>_SQ<q>} + any suffix ({@code _IP} honoured), {@code IVF<n>,SQ8} etc.</td>
 *       <td>IVF-SQ, q = FAISS QuantizerType ordinal (§7.3)</td></tr>
 *   <tr><td>{@code PQ}, {@code PQ_IP}, {@code PQ<M>}, {@code PQ<M>x<b>} + any suffix
 *       ({@code _IP} honoured)</td><td>IndexPQ (M 8, nbits 8 by default)</td></tr>
 *   <tr><td>{@code SQ<n>} (+ {@code _IP}), {@code SQfp16}, {@code SQbf16}, {@code SQ8_direct},
 *       {@code SQ8_direct_signed}</td><td>IndexScalarQuantizer: 4, 6, 8 bits, 16 = fp16, other n =
 *       ordinal 0..8</td></tr>
 *   <tr><td>{@code IDMap:<base>}, {@code IDMap2:<base>}</td><td>id-map wrappers (§7.4)</td></tr>
 *   <tr><td>{@code BINARY...}, {@code PCA...}, {@code OPQ...}, {@code NORM,...}, {@code
 *       L2NORM,...}, {@code ITQ...}, {@code RR...}</td><td>UNSUPPORTED "not supported yet"</td></tr>
 *   <tr><td>anything else</td><td>a FAISS factory string for {@code IndexFactory} (L2), e.g.
 *       {@code HNSW32,SQ8}; unknown strings fail with "Unsupported index type: &lt;T&gt;"</td></tr>
 * </table>
 *
 * <p>Matching is case-sensitive, as in the reference ({@code l2} is unsupported).
 */
public final class IndexTypes {
    /** Prefix of an IDMap wrapper type. */
    public static final String IDMAP_PREFIX = "IDMap:";
    /** Prefix of an IDMap2 wrapper type. */
    public static final String IDMAP2_PREFIX = "IDMap2:";

    /** Largest nlist accepted (each list costs memory up front). */
    public static final int MAX_NLIST = 1 << 20;
    /** Largest HNSW M accepted. */
    public static final int MAX_HNSW_M = 512;

    private static final Pattern HNSW = Pattern.compile("HNSW(\\d*)(.*)");
    private static final Pattern IVF_SQ = Pattern.compile("IVF(\\d+)_SQ(\\d+)(.*)");
    private static final Pattern IVF_FLAT = Pattern.compile("IVF(\\d+)(?:,Flat)?(_IP)?");
    private static final Pattern IVF_PQ = Pattern.compile("IVF(\\d+),PQ(\\d+)(?:x(\\d+))?(_IP)?");
    private static final Pattern IVF_SQ_NAMED = Pattern.compile("IVF(\\d+),SQ(\\w+?)(_IP)?");
    private static final Pattern PQ_MXB = Pattern.compile("PQ(\\d+)x(\\d+)(.*)");
    private static final Pattern PQ_M = Pattern.compile("PQ(\\d+)(_IP)?");
    private static final Pattern SQ = Pattern.compile("SQ(\\w+?)(_IP)?");
    private static final Pattern TRANSFORM =
            Pattern.compile("(PCA\\w*|OPQ\\w*|NORM|L2NORM|L2norm|ITQ\\w*|RR\\d*)(,.*)?");

    private IndexTypes() {}

    /**
     * Parses a type string.
     *
     * @throws ServiceException UNSUPPORTED "Unsupported index type: &lt;T&gt;" for unknown strings,
     *     with "(not supported yet: ...)" for types that have no core class yet
     */
    public static IndexSpec parse(String type) {
        if (type.startsWith(IDMAP2_PREFIX)) {
            return new IndexSpec.IdMap(true, type.substring(IDMAP2_PREFIX.length()), type);
        }
        if (type.startsWith(IDMAP_PREFIX)) {
            return new IndexSpec.IdMap(false, type.substring(IDMAP_PREFIX.length()), type);
        }
        return parsePlain(type);
    }

    /**
     * Parses a type that builds a standalone index (not a wrapper): the base of an auto-created
     * IDMap must be one.
     *
     * @throws ServiceException UNSUPPORTED for unknown strings and for wrapper types
     */
    public static IndexSpec.Plain parsePlain(String type) {
        switch (type) {
            case "L2", "Flat" -> {
                return new IndexSpec.Flat(MetricType.L2);
            }
            case "IP" -> {
                return new IndexSpec.Flat(MetricType.INNER_PRODUCT);
            }
            case "IVF" -> {
                return new IndexSpec.IvfFlat(100, MetricType.L2);
            }
            case "IVF_IP" -> {
                return new IndexSpec.IvfFlat(100, MetricType.INNER_PRODUCT);
            }
            case "PQ" -> {
                return new IndexSpec.Pq(8, 8, MetricType.L2);
            }
            case "PQ_IP" -> {
                return new IndexSpec.Pq(8, 8, MetricType.INNER_PRODUCT);
            }
            default -> {}
        }
        if (type.startsWith(IDMAP_PREFIX) || type.startsWith(IDMAP2_PREFIX)) {
            throw unsupported(type);
        }
        if (type.startsWith("BINARY")) {
            throw notSupportedYet(type, "binary (Hamming) indexes have no core classes yet");
        }
        if (TRANSFORM.matcher(type).matches()) {
            throw notSupportedYet(
                    type, "pre-transform indexes (PCA, OPQ, NORM/L2NORM, ITQ, RR) have no core classes yet");
        }
        Matcher m;
        if ((m = HNSW.matcher(type)).matches()) {
            IndexSpec.Plain hnsw = hnsw(type, m.group(1), m.group(2));
            if (hnsw != null) {
                return hnsw;
            }
        }
        if ((m = IVF_SQ.matcher(type)).matches()) {
            return new IndexSpec.IvfSq(nlist(type, m.group(1)), ordinal(type, m.group(2)), suffixMetric(m.group(3)));
        }
        if ((m = IVF_FLAT.matcher(type)).matches()) {
            return new IndexSpec.IvfFlat(nlist(type, m.group(1)), metric(m.group(2)));
        }
        if ((m = IVF_PQ.matcher(type)).matches()) {
            return new IndexSpec.IvfPq(
                    nlist(type, m.group(1)),
                    positive(type, m.group(2)),
                    m.group(3) == null ? 8 : positive(type, m.group(3)),
                    metric(m.group(4)));
        }
        if ((m = IVF_SQ_NAMED.matcher(type)).matches()) {
            QuantizerType q = sqName(m.group(2));
            if (q != null) {
                return new IndexSpec.IvfSq(nlist(type, m.group(1)), q, metric(m.group(3)));
            }
        }
        if ((m = PQ_MXB.matcher(type)).matches()) {
            return new IndexSpec.Pq(positive(type, m.group(1)), positive(type, m.group(2)), suffixMetric(m.group(3)));
        }
        if ((m = PQ_M.matcher(type)).matches()) {
            return new IndexSpec.Pq(positive(type, m.group(1)), 8, metric(m.group(2)));
        }
        if ((m = SQ.matcher(type)).matches()) {
            QuantizerType q = sqNumber(m.group(1));
            if (q != null) {
                return new IndexSpec.Sq(q, metric(m.group(2)));
            }
        }
        if (type.isBlank()) {
            throw unsupported(type);
        }
        return new IndexSpec.Factory(type);
    }

    /** HNSW strings; null for {@code HNSW<M>,<storage>} other than Flat (a factory string). */
    private static IndexSpec.Plain hnsw(String type, String digits, String rest) {
        if ((rest.startsWith(",") && !rest.equals(",Flat")) || rest.startsWith("_SQ") || rest.startsWith("_PQ")) {
            return null; // HNSW32,SQ8, HNSW16_PQ4: IndexFactory's storages
        }
        int m = 32;
        MetricType metric = MetricType.L2;
        if (rest.isEmpty() || rest.equals(",Flat") || rest.equals("_IP")) {
            if (!digits.isEmpty()) {
                m = positive(type, digits);
            }
            metric = rest.equals("_IP") ? MetricType.INNER_PRODUCT : MetricType.L2;
        }
        // any other suffix: M=32, L2, as the reference (its int() of the suffix fails)
        if (m < 2 || m > MAX_HNSW_M) {
            throw new ServiceException(
                    ErrorCode.UNSUPPORTED,
                    "Unsupported index type: " + type + " (HNSW M must be 2.." + MAX_HNSW_M + ")");
        }
        return new IndexSpec.Hnsw(m, metric);
    }

    /** §7.5: 4 -&gt; 4-bit, 6 -&gt; 6-bit, 8 -&gt; 8-bit, 16 -&gt; fp16, other n -&gt; ordinal n (0..8). */
    private static QuantizerType sqNumber(String s) {
        switch (s) {
            case "4" -> {
                return QuantizerType.QT_4bit;
            }
            case "6" -> {
                return QuantizerType.QT_6bit;
            }
            case "8" -> {
                return QuantizerType.QT_8bit;
            }
            case "16", "fp16" -> {
                return QuantizerType.QT_fp16;
            }
            default -> {}
        }
        QuantizerType named = sqName(s);
        if (named != null) {
            return named;
        }
        if (s.matches("\\d{1,2}")) {
            int q = Integer.parseInt(s);
            if (q <= QuantizerType.values().length - 1) {
                return QuantizerType.fromFaiss(q);
            }
        }
        return null;
    }

    /** FAISS index_factory SQ names (after "SQ"). */
    private static QuantizerType sqName(String s) {
        return switch (s) {
            case "8" -> QuantizerType.QT_8bit;
            case "4" -> QuantizerType.QT_4bit;
            case "6" -> QuantizerType.QT_6bit;
            case "fp16" -> QuantizerType.QT_fp16;
            case "bf16" -> QuantizerType.QT_bf16;
            case "8_direct" -> QuantizerType.QT_8bit_direct;
            case "8_direct_signed" -> QuantizerType.QT_8bit_direct_signed;
            default -> null;
        };
    }

    private static QuantizerType ordinal(String type, String digits) {
        int q = digits.length() > 2 ? Integer.MAX_VALUE : Integer.parseInt(digits);
        if (q >= QuantizerType.values().length) {
            throw new ServiceException(
                    ErrorCode.UNSUPPORTED,
                    "Unsupported index type: " + type + " (qtype " + digits + " is not a FAISS QuantizerType 0-"
                            + (QuantizerType.values().length - 1) + ")");
        }
        return QuantizerType.fromFaiss(q);
    }

    private static int nlist(String type, String digits) {
        int n = positive(type, digits);
        if (n > MAX_NLIST) {
            throw new ServiceException(
                    ErrorCode.UNSUPPORTED, "Unsupported index type: " + type + " (nlist must be 1.." + MAX_NLIST + ")");
        }
        return n;
    }

    private static int positive(String type, String digits) {
        int v;
        try {
            v = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            v = 0;
        }
        if (v < 1) {
            throw unsupported(type);
        }
        return v;
    }

    private static MetricType metric(String ipGroup) {
        return ipGroup == null ? MetricType.L2 : MetricType.INNER_PRODUCT;
    }

    /** A free suffix: {@code _IP...} means inner product, anything else is ignored (L2), as §7.2. */
    private static MetricType suffixMetric(String rest) {
        return rest.startsWith("_IP") ? MetricType.INNER_PRODUCT : MetricType.L2;
    }

    static ServiceException unsupported(String type) {
        return new ServiceException(ErrorCode.UNSUPPORTED, "Unsupported index type: " + type);
    }

    static ServiceException notSupportedYet(String type, String why) {
        return new ServiceException(
                ErrorCode.UNSUPPORTED, "Unsupported index type: " + type + " (not supported yet: " + why + ")");
    }
}
