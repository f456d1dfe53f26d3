package dev.annvil.server.service;

import dev.annvil.MetricType;

/**
 * Parses FAISSx {@code index_type} strings into {@link IndexSpec}s (faissx-protocol.md §7.2, §7.5).
 *
 * <p>Supported now: {@code L2}, {@code Flat}, {@code IP}, {@code IDMap:<base>}, {@code
 * IDMap2:<base>}. Matching is case-sensitive, as in the reference ({@code l2} is unsupported).
 * Every other string fails with "Unsupported index type: &lt;T&gt;"; HNSW, IVF, PQ, SQ, binary and
 * transform types are added here as the core grows.
 */
public final class IndexTypes {
    /** Prefix of an IDMap wrapper type. */
    public static final String IDMAP_PREFIX = "IDMap:";
    /** Prefix of an IDMap2 wrapper type. */
    public static final String IDMAP2_PREFIX = "IDMap2:";

    private IndexTypes() {}

    /**
     * Parses a type string.
     *
     * @throws ServiceException UNSUPPORTED "Unsupported index type: &lt;T&gt;" for unknown strings
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
        return switch (type) {
            case "L2", "Flat" -> new IndexSpec.Flat(MetricType.L2);
            case "IP" -> new IndexSpec.Flat(MetricType.INNER_PRODUCT);
            default -> throw unsupported(type);
        };
    }

    static ServiceException unsupported(String type) {
        return new ServiceException(ErrorCode.UNSUPPORTED, "Unsupported index type: " + type);
    }
}
