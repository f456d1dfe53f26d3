package dev.annvil.server;

/**
 * Per-request and per-tenant maxima, checked before a request reaches the index service. A
 * violation is answered with {@code error_code} {@code LIMIT_EXCEEDED} and a text naming the limit
 * and the value, e.g. "vectors has 20000 rows; the limit is 10000 vectors per request
 * (--max-vectors-per-request)".
 *
 * <p>The defaults never get in the way of the FAISSx client (faissx-protocol.md §3.6): it adds and
 * searches in batches of at most 10,000 rows, its dimensions and k are at most 10,000 (the
 * reference's own caps, which the protocol layer keeps: larger {@code maxDimension} or {@code maxK}
 * values do not lift them), and the request size limit (100 MiB) already bounds a float-list batch
 * to about 11.6 million components.
 *
 * @param maxVectorsPerRequest rows of {@code vectors}, {@code query_vectors}, {@code
 *     training_vectors}, entries of {@code ids}, and {@code num_vectors} of reconstruct_n (1 ..
 *     2^31-1; default 1,000,000)
 * @param maxDimension {@code dimension} of create_index and the width of vector batches (1 ..
 *     2^31-1; default 10,000)
 * @param maxK {@code k} of searches (1 .. 2^31-1; default 10,000)
 * @param maxIndexesPerTenant indexes one tenant (with authentication off: the server) may hold (1 ..
 *     2^31-1; default 10,000)
 * @param maxSearchResults queries × k of one search, i.e. the size of the result arrays built
 *     before the reply is encoded (1 .. 2^62; default 25,000,000, about 300 MB of results)
 */
public record Limits(
        int maxVectorsPerRequest, int maxDimension, int maxK, int maxIndexesPerTenant, long maxSearchResults) {
    /** Default of {@link #maxVectorsPerRequest()}. */
    public static final int DEFAULT_MAX_VECTORS_PER_REQUEST = 1_000_000;
    /** Default of {@link #maxDimension()}: the reference's limit. */
    public static final int DEFAULT_MAX_DIMENSION = 10_000;
    /** Default of {@link #maxK()}: the reference's limit. */
    public static final int DEFAULT_MAX_K = 10_000;
    /** Default of {@link #maxIndexesPerTenant()}. */
    public static final int DEFAULT_MAX_INDEXES_PER_TENANT = 10_000;
    /** Default of {@link #maxSearchResults()}. */
    public static final long DEFAULT_MAX_SEARCH_RESULTS = 25_000_000L;

    /** @throws IllegalArgumentException naming the field and value when one is below 1 */
    public Limits {
        positive("maxVectorsPerRequest", maxVectorsPerRequest);
        positive("maxDimension", maxDimension);
        positive("maxK", maxK);
        positive("maxIndexesPerTenant", maxIndexesPerTenant);
        positive("maxSearchResults", maxSearchResults);
        if (maxSearchResults > 1L << 62) {
            throw new IllegalArgumentException("maxSearchResults=" + maxSearchResults + " must be at most 2^62");
        }
    }

    /** The defaults. */
    public static Limits defaults() {
        return new Limits(
                DEFAULT_MAX_VECTORS_PER_REQUEST,
                DEFAULT_MAX_DIMENSION,
                DEFAULT_MAX_K,
                DEFAULT_MAX_INDEXES_PER_TENANT,
                DEFAULT_MAX_SEARCH_RESULTS);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + "=" + value + " must be at least 1");
        }
    }
}
