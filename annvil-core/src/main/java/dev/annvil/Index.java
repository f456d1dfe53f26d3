package dev.annvil;

/**
 * FAISS's index contract: a set of ntotal vectors of dimension d, searched by a metric.
 *
 * <p>All vector batches are row-major {@code float[]} arrays of n * d floats: component j of vector
 * i is {@code x[i * d + j]}. Labels are {@code long}: positions 0 .. ntotal-1 in insertion order
 * for indexes without an id map, the caller's ids for {@link IndexIDMap}. Distances are squared L2
 * (ascending) or raw inner products (descending), per {@link #metricType()}.
 *
 * <p>Thread-safety: searches, range searches and reconstructions are safe concurrently with each
 * other; mutations (train, add, removeIds, reset) need exclusive access, which the caller provides
 * (the server holds a read/write lock per index).
 *
 * <p>Operations an index cannot do throw {@link UnsupportedOperationException} naming the class.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/Index.h">faiss/Index.h</a>
 */
public interface Index {

    /** Vector dimension. */
    int d();

    /** Number of vectors stored. */
    long ntotal();

    /** False until {@link #train} has run, for indexes that need training. */
    boolean isTrained();

    /** The metric results are ranked by. */
    MetricType metricType();

    /**
     * Trains the index on a representative sample (a no-op for indexes that need no training).
     *
     * @param n number of training vectors
     * @param x n * d floats, row-major
     * @throws IllegalArgumentException if n &lt; 0 or x.length &lt; n * d
     */
    void train(int n, float[] x);

    /**
     * Adds n vectors; they get labels ntotal .. ntotal+n-1.
     *
     * @param n number of vectors
     * @param x n * d floats, row-major
     * @throws IllegalArgumentException if n &lt; 0 or x.length &lt; n * d
     * @throws IllegalStateException if the index is not trained
     * @throws UnsupportedOperationException if the index assigns ids only through {@link #addWithIds}
     */
    void add(int n, float[] x);

    /**
     * {@link #train(int, float[])} reporting progress to {@code listener}, which may cancel by
     * throwing {@link java.util.concurrent.CancellationException}. Indexes whose training takes
     * long (IVF, PQ: k-means iterations) report as they go and leave the index untrained if
     * cancelled; the default reports only completion.
     */
    default void train(int n, float[] x, ProgressListener listener) {
        train(n, x);
        listener.progress("train", 1.0);
    }

    /**
     * {@link #add(int, float[])} reporting progress to {@code listener}, which may cancel by throwing
     * {@link java.util.concurrent.CancellationException}; what a cancelled add leaves behind is
     * documented by each index (IVF: nothing; HNSW: the rounds completed). The default reports only
     * completion.
     */
    default void add(int n, float[] x, ProgressListener listener) {
        add(n, x);
        listener.progress("add", 1.0);
    }

    /**
     * Adds n vectors with the caller's ids.
     *
     * @param n number of vectors
     * @param x n * d floats, row-major
     * @param xids n ids
     * @throws IllegalArgumentException if n &lt; 0, x.length &lt; n * d or xids.length &lt; n
     * @throws UnsupportedOperationException if the index does not store ids (use {@link IndexIDMap})
     */
    default void addWithIds(int n, float[] x, long[] xids) {
        throw new UnsupportedOperationException(
                getClass().getSimpleName() + " does not support addWithIds: wrap it in IndexIDMap");
    }

    /**
     * {@link #addWithIds(int, float[], long[])} reporting progress to {@code listener}, which may
     * cancel by throwing {@link java.util.concurrent.CancellationException}; what a cancelled add
     * leaves behind is that of {@link #add(int, float[], ProgressListener)} (IVF: nothing; an
     * IndexIDMap over HNSW: the completed rounds, each vector with its id). The default reports only
     * completion.
     */
    default void addWithIds(int n, float[] x, long[] xids, ProgressListener listener) {
        addWithIds(n, x, xids);
        listener.progress("add", 1.0);
    }

    /**
     * Finds the k nearest stored vectors of each of n queries.
     *
     * <p>On return {@code distances} and {@code labels} hold n * k entries, row i sorted nearest
     * first; rows with fewer than k hits are padded with label -1 and distance +Float.MAX_VALUE (L2)
     * or -Float.MAX_VALUE (inner product). Safe concurrently with other searches; never changes the
     * index.
     *
     * @param n number of queries
     * @param x n * d floats, row-major
     * @param k results per query
     * @param distances output, at least n * k floats
     * @param labels output, at least n * k longs
     * @param params per-call options (ids to consider), or null for defaults
     * @throws IllegalArgumentException if n &lt; 0, k &lt; 1, or an array is too short
     * @throws IllegalStateException if the index is not trained
     */
    void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params);

    /** {@link #search(int, float[], int, float[], long[], SearchParameters)} with default parameters. */
    default void search(int n, float[] x, int k, float[] distances, long[] labels) {
        search(n, x, k, distances, labels, null);
    }

    /**
     * Convenience form of search: allocates the n * k outputs.
     *
     * @param x n * d floats, row-major (n = x.length / d)
     * @throws IllegalArgumentException if x.length is not a multiple of d, or k &lt; 1
     */
    default SearchResult search(float[] x, int k) {
        int n = Checks.rows(x, d());
        Checks.positive("k", k);
        float[] distances = new float[Math.multiplyExact(n, k)];
        long[] labels = new long[n * k];
        search(n, x, k, distances, labels, null);
        return new SearchResult(n, k, distances, labels);
    }

    /**
     * Finds every stored vector within {@code radius} of each query: squared L2 distance strictly
     * below radius, or inner product strictly above it. Within a query, results are in storage order.
     *
     * @param n number of queries
     * @param x n * d floats, row-major
     * @param radius squared L2 bound (L2) or inner-product bound (inner product)
     * @param params per-call options, or null
     * @throws IllegalArgumentException if n &lt; 0 or x.length &lt; n * d
     * @throws UnsupportedOperationException if the index cannot range-search
     */
    default RangeSearchResult rangeSearch(int n, float[] x, float radius, SearchParameters params) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support rangeSearch");
    }

    /**
     * Copies stored vector {@code key} (a label as returned by search) into recons[0 .. d).
     *
     * @throws IllegalArgumentException if key is not stored or recons.length &lt; d
     * @throws UnsupportedOperationException if the index cannot reconstruct
     */
    default void reconstruct(long key, float[] recons) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support reconstruct");
    }

    /**
     * Copies ni vectors stored at positions i0 .. i0+ni-1 into recons (ni * d floats, row-major).
     *
     * @throws IllegalArgumentException if the range is outside 0 .. ntotal or recons is too short
     * @throws UnsupportedOperationException if the index cannot reconstruct
     */
    default void reconstructN(long i0, int ni, float[] recons) {
        Checks.range("i0", i0, ni, ntotal());
        Checks.length("recons", recons, (long) ni * d());
        float[] one = new float[d()];
        for (int i = 0; i < ni; i++) {
            reconstruct(i0 + i, one);
            System.arraycopy(one, 0, recons, i * d(), d());
        }
    }

    /**
     * Removes every stored vector whose id is selected; for indexes without an id map the
     * remaining vectors are renumbered 0 .. ntotal-1, keeping their order (as FAISS does).
     *
     * @return number of vectors removed
     * @throws UnsupportedOperationException if the index cannot remove
     */
    default long removeIds(IDSelector sel) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " does not support removeIds");
    }

    /** Removes all vectors; training is kept. */
    void reset();
}
