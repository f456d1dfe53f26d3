package dev.annvil.impl;

import java.util.Arrays;

/**
 * The set of graph nodes a search has visited, cleared in O(1): one int stamp per node, and a node
 * is visited when its stamp equals the current one. {@link #advance()} starts a new, empty set by
 * incrementing the stamp (the array is zeroed only when the stamp wraps around). Reused across
 * searches by one thread; no allocation per search.
 *
 * <p>Not thread-safe: one per thread.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/VisitedTable.h">faiss/impl/VisitedTable.h</a>
 */
public final class VisitedTable {
    private int[] stamps;
    private int stamp = 1;

    /** @param size number of nodes (grows with {@link #ensureSize}) */
    public VisitedTable(int size) {
        stamps = new int[size];
    }

    /** Makes room for nodes 0 .. size-1, keeping the current set. */
    public void ensureSize(int size) {
        if (stamps.length < size) {
            stamps = Arrays.copyOf(stamps, Math.max(size, stamps.length + (stamps.length >> 1)));
        }
    }

    /** Marks node no visited; true if it was not visited before. */
    public boolean set(int no) {
        if (stamps[no] == stamp) {
            return false;
        }
        stamps[no] = stamp;
        return true;
    }

    /** True if node no is visited. */
    public boolean get(int no) {
        return stamps[no] == stamp;
    }

    /** Empties the set. */
    public void advance() {
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(stamps, 0);
            stamp = 1;
        }
    }

    /** Bytes held by the stamps. */
    public long ramBytesUsed() {
        return 4L * stamps.length;
    }
}
