package dev.annvil.impl;

import java.util.Arrays;

/**
 * A binary min-heap of (float key, int id) pairs in two parallel primitive arrays, growing on
 * demand and reused across searches ({@link #clear()} keeps the arrays): the candidate and result
 * queues of graph search. A max-heap is this heap with negated keys; {@link HNSW} does that for its
 * bounded "best ef so far" queues.
 *
 * <p>Not thread-safe: one per thread.
 */
public final class FloatIntHeap {
    private float[] keys;
    private int[] ids;
    private int size;

    /** @param capacity initial capacity (grows when exceeded) */
    public FloatIntHeap(int capacity) {
        keys = new float[Math.max(capacity, 4)];
        ids = new int[keys.length];
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    /** Removes every entry, keeping the storage. */
    public void clear() {
        size = 0;
    }

    /** Smallest key; undefined when empty. */
    public float topKey() {
        return keys[0];
    }

    /** Id of the smallest key; undefined when empty. */
    public int topId() {
        return ids[0];
    }

    /** Key of entry i in heap order, 0 &lt;= i &lt; size (for scans that need no order). */
    public float keyAt(int i) {
        return keys[i];
    }

    /** Id of entry i in heap order, 0 &lt;= i &lt; size. */
    public int idAt(int i) {
        return ids[i];
    }

    /** Adds (key, id). */
    public void push(float key, int id) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            ids = Arrays.copyOf(ids, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) {
                break;
            }
            keys[i] = keys[parent];
            ids[i] = ids[parent];
            i = parent;
        }
        keys[i] = key;
        ids[i] = id;
    }

    /** Removes the smallest entry and returns its id; read {@link #topKey()} first for the key. */
    public int pop() {
        int top = ids[0];
        int last = --size;
        if (last > 0) {
            siftDown(keys[last], ids[last], last);
        }
        return top;
    }

    /** Replaces the smallest entry by (key, id): a pop and a push in one sift. */
    public void replaceTop(float key, int id) {
        siftDown(key, id, size);
    }

    private void siftDown(float key, int id, int n) {
        int i = 0;
        int half = n >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < n && keys[right] < keys[child]) {
                child = right;
            }
            if (key <= keys[child]) {
                break;
            }
            keys[i] = keys[child];
            ids[i] = ids[child];
            i = child;
        }
        keys[i] = key;
        ids[i] = id;
    }

    /** Bytes held by the arrays. */
    public long ramBytesUsed() {
        return 8L * keys.length;
    }
}
