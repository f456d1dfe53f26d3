package dev.annvil.impl;

import java.util.Arrays;

/**
 * A map from long keys to long values without boxing: open addressing with linear probing and
 * backward-shift deletion, 16 bytes per slot, load factor at most 1/2. Any long may be a key or
 * a value; {@link #get} reports absence with a caller-chosen default.
 *
 * <p>Not thread-safe for writes; concurrent {@link #get}s are safe when no write runs.
 */
public final class LongLongHashMap {
    private long[] keys;
    private long[] values;
    private boolean[] used;
    private int size;

    /** An empty map sized for about {@code expected} entries. */
    public LongLongHashMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(8, expected * 2 - 1)) << 1;
        allocate(capacity);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new long[capacity];
        used = new boolean[capacity];
        size = 0;
    }

    /** Number of entries. */
    public int size() {
        return size;
    }

    private static int hash(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = hash(key) & mask;
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** The value of key, or {@code missing} if absent. */
    public long get(long key, long missing) {
        int i = slot(key);
        return used[i] ? values[i] : missing;
    }

    /** True if key is present. */
    public boolean containsKey(long key) {
        return used[slot(key)];
    }

    /** Sets the value of key (replacing any). */
    public void put(long key, long value) {
        int i = slot(key);
        if (!used[i]) {
            if (2L * (size + 1) > keys.length) {
                rehash(keys.length * 2);
                i = slot(key);
            }
            used[i] = true;
            keys[i] = key;
            size++;
        }
        values[i] = value;
    }

    /** Removes key; returns true if it was present. */
    public boolean remove(long key) {
        int mask = keys.length - 1;
        int i = slot(key);
        if (!used[i]) {
            return false;
        }
        // backward-shift: move later entries of the probe run into the hole
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (!used[j]) {
                break;
            }
            int home = hash(keys[j]) & mask;
            boolean between = hole <= j ? (home > hole && home <= j) : (home > hole || home <= j);
            if (!between) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        used[hole] = false;
        size--;
        return true;
    }

    /** Removes every entry. */
    public void clear() {
        Arrays.fill(used, false);
        size = 0;
    }

    /** Calls visitor for each (key, value), in no particular order. */
    public void forEach(LongLongConsumer visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (used[i]) {
                visitor.accept(keys[i], values[i]);
            }
        }
    }

    /** Bytes held by the table. */
    public long ramBytesUsed() {
        return 17L * keys.length + 64;
    }

    private void rehash(int capacity) {
        long[] oldKeys = keys;
        long[] oldValues = values;
        boolean[] oldUsed = used;
        allocate(capacity);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldUsed[i]) {
                put(oldKeys[i], oldValues[i]);
            }
        }
    }

    /** Receives the entries of {@link #forEach}. */
    @FunctionalInterface
    public interface LongLongConsumer {
        void accept(long key, long value);
    }
}
