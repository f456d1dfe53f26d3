package dev.annvil.impl;

/**
 * Distances from one query (set with {@link #setQuery}) to stored vectors, and between stored
 * vectors, in "smaller is nearer" form: squared L2, or the negated inner product. Graph indexes
 * reach their storage only through this, so a compressed storage (SQ, PQ) plugs in with its own
 * computer.
 *
 * <p>Not thread-safe: one per thread. A computer reads the storage as it was when created; create
 * a new one after the storage grows.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/DistanceComputer.h">faiss/impl/DistanceComputer.h</a>
 */
public abstract class DistanceComputer {
    /** Sets the query: d floats of x starting at offset (the array is read, not copied). */
    public abstract void setQuery(float[] x, int offset);

    /** Distance from the query to stored vector i. */
    public abstract float distance(int i);

    /**
     * Distances from the query to stored vectors ids[0 .. n) into out[0 .. n). Computers override
     * this to evaluate several vectors per pass (FAISS {@code distances_batch_4}).
     */
    public void distances(int[] ids, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            out[i] = distance(ids[i]);
        }
    }

    /** Distance between stored vectors i and j. */
    public abstract float symmetricDis(int i, int j);
}
