package dev.annvil;

/**
 * The distance an index ranks by. Values and semantics are FAISS's {@code MetricType}.
 *
 * <ul>
 *   <li>{@link #L2}: squared Euclidean distance (no square root), smaller is nearer; results sorted
 *       ascending; padding distance {@code +Float.MAX_VALUE}.
 *   <li>{@link #INNER_PRODUCT}: raw dot product, larger is nearer; results sorted descending;
 *       padding distance {@code -Float.MAX_VALUE}.
 * </ul>
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/MetricType.h">faiss/MetricType.h</a>
 */
public enum MetricType {
    INNER_PRODUCT(0),
    L2(1);

    private final int faissCode;

    MetricType(int faissCode) {
        this.faissCode = faissCode;
    }

    /** The integer FAISS stores for this metric (in index files: {@code metric_type}). */
    public int faissCode() {
        return faissCode;
    }

    /**
     * The metric for a FAISS metric code.
     *
     * @throws IllegalArgumentException if the code is not 0 (inner product) or 1 (L2)
     */
    public static MetricType fromFaissCode(int code) {
        for (MetricType m : values()) {
            if (m.faissCode == code) {
                return m;
            }
        }
        throw new IllegalArgumentException("metricType=" + code + " is not supported (0=INNER_PRODUCT, 1=L2)");
    }

    /** True when larger values are nearer (inner product). */
    public boolean isSimilarity() {
        return this == INNER_PRODUCT;
    }

    /** The distance used to pad result rows that have fewer than k hits. */
    public float worstDistance() {
        return this == INNER_PRODUCT ? -Float.MAX_VALUE : Float.MAX_VALUE;
    }
}
