package dev.annvil.impl;

import java.util.Arrays;

/**
 * The growing result list of one range-search query: (distance, label) pairs in the order they
 * were found. Reused across queries with {@link #clear}.
 *
 * <p>Not thread-safe: one per query, or per thread.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/AuxIndexStructures.h">faiss RangeQueryResult</a>
 */
public final class RangeQueryResult {
    private long[] labels = new long[16];
    private float[] distances = new float[16];
    private int size;

    /** Appends one result. */
    public void add(float distance, long label) {
        if (size == labels.length) {
            labels = Arrays.copyOf(labels, size * 2);
            distances = Arrays.copyOf(distances, size * 2);
        }
        labels[size] = label;
        distances[size] = distance;
        size++;
    }

    /** Number of results. */
    public int size() {
        return size;
    }

    /** Forgets the results, keeping the buffers. */
    public void clear() {
        size = 0;
    }

    /** A copy of the labels found. */
    public long[] labels() {
        return Arrays.copyOf(labels, size);
    }

    /** A copy of the distances found. */
    public float[] distances() {
        return Arrays.copyOf(distances, size);
    }
}
