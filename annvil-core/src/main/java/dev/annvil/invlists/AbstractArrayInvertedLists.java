package dev.annvil.invlists;

import dev.annvil.Checks;
import java.util.Arrays;

/**
 * The bookkeeping shared by the in-memory inverted lists: per list one growable {@code long[]} of
 * ids and a size, the checks, growth and resizing; the code storage of a list (a {@code byte[]} in
 * {@link ArrayInvertedLists}, a {@code float[]} in {@link FloatArrayInvertedLists}) is the
 * subclass's, reached through a few hooks so that scanners still read the subclass's own arrays.
 *
 * <p>Shapes: list l holds {@code sizes[l]} entries; its id array and its code storage have room
 * for the same number of entries (the capacity, {@code ids[l].length}), entry j of the storage at
 * element {@code j * unitsPerEntry}.
 *
 * <p>Thread-safety: as {@link InvertedLists}.
 */
abstract class AbstractArrayInvertedLists extends InvertedLists {
    private static final long[] NO_IDS = new long[0];
    /** Largest array length used, in elements (as java.util's collections keep clear of the VM limit). */
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** Ids of each list: the first {@code sizes[l]} are valid, the length is the capacity. */
    final long[][] ids;
    /** Number of entries of each list. */
    final int[] sizes;
    /** Storage elements (bytes or floats) per entry. */
    private final int unitsPerEntry;

    /**
     * Empty lists; the subclass fills its storage with empty arrays.
     *
     * @param nlist number of lists
     * @param codeSize bytes per code
     * @param unitsPerEntry storage elements per entry: codeSize for bytes, d for floats
     * @throws IllegalArgumentException if nlist &lt; 1 or codeSize &lt; 1
     */
    AbstractArrayInvertedLists(int nlist, int codeSize, int unitsPerEntry) {
        super(nlist, codeSize);
        this.unitsPerEntry = unitsPerEntry;
        ids = new long[nlist][];
        sizes = new int[nlist];
        Arrays.fill(ids, NO_IDS);
    }

    /**
     * Sets the storage of list {@code listNo} to room for {@code capacity} entries, keeping the
     * first min(capacity, old capacity) entries (an empty array when capacity is 0).
     */
    abstract void setStorageCapacity(int listNo, int capacity);

    /** Zeroes the storage of entries [from, to) of list {@code listNo}. */
    abstract void zeroStorage(int listNo, int from, int to);

    /**
     * Writes n codes (n * codeSize bytes at {@code codesOffset}, already checked) to entries [offset,
     * offset + n) of the storage of list {@code listNo}, which has room for them.
     */
    abstract void writeCodes(int listNo, int offset, int n, byte[] codes, int codesOffset);

    /** Bytes of the storage array of list {@code listNo}, header included. */
    abstract long storageBytes(int listNo);

    /** What cannot be held, for the error of a list that would pass 2^31 elements. */
    abstract String tooLarge(int needed);

    @Override
    public int listSize(int listNo) {
        checkList(listNo);
        return sizes[listNo];
    }

    /** The list's own array; entries past listSize are garbage. */
    @Override
    public long[] getIds(int listNo) {
        checkList(listNo);
        return ids[listNo];
    }

    @Override
    public int addEntry(int listNo, long id, byte[] code, int codeOffset) {
        checkList(listNo);
        if (codeOffset < 0 || codeOffset + (long) codeSize > code.length) {
            throw new IllegalArgumentException(
                    "code.length=" + code.length + " but " + codeSize + " bytes are needed at " + codeOffset);
        }
        int o = sizes[listNo];
        ensureCapacity(listNo, o + 1);
        ids[listNo][o] = id;
        writeCodes(listNo, o, 1, code, codeOffset);
        sizes[listNo] = o + 1;
        return o;
    }

    @Override
    public int addEntries(int listNo, int n, long[] newIds, int idsOffset, byte[] codes, int codesOffset) {
        checkList(listNo);
        checkEntries(n, newIds, idsOffset, codes, codesOffset);
        int o = sizes[listNo];
        ensureCapacity(listNo, o + n);
        System.arraycopy(newIds, idsOffset, ids[listNo], o, n);
        writeCodes(listNo, o, n, codes, codesOffset);
        sizes[listNo] = o + n;
        return o;
    }

    @Override
    public void updateEntries(
            int listNo, int offset, int n, long[] newIds, int idsOffset, byte[] codes, int codesOffset) {
        checkList(listNo);
        checkEntries(n, newIds, idsOffset, codes, codesOffset);
        if (offset < 0 || offset + n > sizes[listNo]) {
            throw new IllegalArgumentException("entries [" + offset + ", " + (offset + n) + ") are outside list "
                    + listNo + " of size " + sizes[listNo]);
        }
        System.arraycopy(newIds, idsOffset, ids[listNo], offset, n);
        writeCodes(listNo, offset, n, codes, codesOffset);
    }

    @Override
    public void resize(int listNo, int newSize) {
        checkList(listNo);
        Checks.nonNegative("newSize", newSize);
        int old = sizes[listNo];
        if (newSize == 0) {
            ids[listNo] = NO_IDS;
            setStorageCapacity(listNo, 0);
        } else if (newSize > old) {
            ensureCapacity(listNo, newSize);
            Arrays.fill(ids[listNo], old, newSize, -1L);
            zeroStorage(listNo, old, newSize);
        } else if (newSize < ids[listNo].length / 2) {
            // give memory back when a list shrinks a lot (as std::vector::shrink_to_fit would not)
            ids[listNo] = Arrays.copyOf(ids[listNo], newSize);
            setStorageCapacity(listNo, newSize);
        }
        sizes[listNo] = newSize;
    }

    /**
     * Grows list {@code listNo} to room for at least {@code needed} entries (by half at least).
     *
     * @throws IllegalStateException if the storage would pass 2^31 elements
     */
    final void ensureCapacity(int listNo, int needed) {
        if (needed > ids[listNo].length) {
            if ((long) needed * unitsPerEntry > MAX_ARRAY) {
                throw new IllegalStateException("list " + listNo + " cannot hold " + tooLarge(needed));
            }
            int capacity = Math.min(grow(ids[listNo].length, needed), MAX_ARRAY / unitsPerEntry);
            ids[listNo] = Arrays.copyOf(ids[listNo], capacity);
            setStorageCapacity(listNo, capacity);
        }
    }

    @Override
    public long ramBytesUsed() {
        long bytes = 16L * nlist + 4L * nlist;
        for (int l = 0; l < nlist; l++) {
            bytes += storageBytes(l) + 16 + 8L * ids[l].length;
        }
        return bytes;
    }
}
