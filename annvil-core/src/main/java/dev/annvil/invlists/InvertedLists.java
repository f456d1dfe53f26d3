package dev.annvil.invlists;

import dev.annvil.Checks;
import java.util.Objects;

/**
 * The storage of an inverted file: {@code nlist} lists, each holding entries of one 64-bit id and
 * one code of {@code codeSize} bytes. Entries are addressed by (list number, offset in the list);
 * appending returns the offset of the new entry.
 *
 * <p>Shapes: the codes of list l are {@code listSize(l) * codeSize} bytes, entry j at byte {@code
 * j * codeSize}; its ids are {@code listSize(l)} longs. What a code means is the business of the
 * index that owns the lists (raw float32 vectors for IndexIVFFlat, PQ codes for IndexIVFPQ...).
 *
 * <p>Thread-safety: reads (listSize, getIds, getCodes...) may run concurrently with each other.
 * Writes to <em>distinct</em> lists may run concurrently (IndexIVF adds in parallel, one thread per
 * subset of lists); a write to a list needs exclusion from every other access to that list.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/invlists/InvertedLists.h">faiss/invlists/InvertedLists.h</a>
 * @see <a href="https://doi.org/10.1109/ICCV.2003.1238663">J. Sivic, A. Zisserman, Video Google: a text
 *     retrieval approach to object matching in videos, ICCV 2003</a>
 */
public abstract class InvertedLists {
    /** Number of lists. */
    protected final int nlist;
    /** Bytes per code. */
    protected final int codeSize;

    /**
     * @param nlist number of lists
     * @param codeSize bytes per code
     * @throws IllegalArgumentException if nlist &lt; 1 or codeSize &lt; 1
     */
    protected InvertedLists(int nlist, int codeSize) {
        Checks.positive("nlist", nlist);
        Checks.positive("codeSize", codeSize);
        this.nlist = nlist;
        this.codeSize = codeSize;
    }

    /** Number of lists. */
    public final int nlist() {
        return nlist;
    }

    /** Bytes per code. */
    public final int codeSize() {
        return codeSize;
    }

    /** Number of entries of list {@code listNo}. */
    public abstract int listSize(int listNo);

    /**
     * The ids of list {@code listNo}: the first listSize(listNo) longs are valid. This may be the
     * list's own array (read it, never write it) or a copy; it is invalidated by the next write to
     * the list.
     */
    public abstract long[] getIds(int listNo);

    /**
     * The codes of list {@code listNo}: the first listSize(listNo) * codeSize bytes are valid. As
     * {@link #getIds}, this may be the list's own array or a copy.
     */
    public abstract byte[] getCodes(int listNo);

    /** Id of entry {@code offset} of list {@code listNo}. */
    public long getSingleId(int listNo, int offset) {
        checkOffset(listNo, offset);
        return getIds(listNo)[offset];
    }

    /** A copy of the code of entry {@code offset} of list {@code listNo} (codeSize bytes). */
    public byte[] getSingleCode(int listNo, int offset) {
        checkOffset(listNo, offset);
        byte[] code = new byte[codeSize];
        System.arraycopy(getCodes(listNo), offset * codeSize, code, 0, codeSize);
        return code;
    }

    /** True if list {@code listNo} has no entries. */
    public boolean isEmpty(int listNo) {
        return listSize(listNo) == 0;
    }

    /**
     * Appends one entry; returns its offset in the list.
     *
     * @param code codeSize bytes at codeOffset
     */
    public int addEntry(int listNo, long id, byte[] code, int codeOffset) {
        return addEntries(listNo, 1, new long[] {id}, 0, code, codeOffset);
    }

    /**
     * Appends n entries to list {@code listNo}; returns the offset of the first.
     *
     * @param ids n ids at idsOffset
     * @param codes n * codeSize bytes at codesOffset
     * @throws IllegalArgumentException if listNo is out of range or an array is too short
     */
    public abstract int addEntries(int listNo, int n, long[] ids, int idsOffset, byte[] codes, int codesOffset);

    /** Overwrites entry {@code offset} of list {@code listNo}. */
    public void updateEntry(int listNo, int offset, long id, byte[] code, int codeOffset) {
        updateEntries(listNo, offset, 1, new long[] {id}, 0, code, codeOffset);
    }

    /**
     * Overwrites entries [offset, offset + n) of list {@code listNo}.
     *
     * @throws IllegalArgumentException if the range is outside the list or an array is too short
     */
    public abstract void updateEntries(
            int listNo, int offset, int n, long[] ids, int idsOffset, byte[] codes, int codesOffset);

    /**
     * Sets the size of list {@code listNo}: shrinking drops the last entries, growing appends
     * entries with id -1 and zero codes.
     */
    public abstract void resize(int listNo, int newSize);

    /** Empties every list. */
    public void reset() {
        for (int l = 0; l < nlist; l++) {
            resize(l, 0);
        }
    }

    /**
     * Moves every entry of {@code other} to the end of the same list here, adding {@code addId}
     * to its id; {@code other} is left empty.
     *
     * @throws IllegalArgumentException if nlist or codeSize differ
     */
    public void mergeFrom(InvertedLists other, long addId) {
        Objects.requireNonNull(other, "other is null");
        if (other == this) {
            throw new IllegalArgumentException("cannot merge inverted lists into themselves");
        }
        if (other.nlist != nlist || other.codeSize != codeSize) {
            throw new IllegalArgumentException("cannot merge lists of nlist=" + other.nlist + ", codeSize="
                    + other.codeSize + " into nlist=" + nlist + ", codeSize=" + codeSize);
        }
        for (int l = 0; l < nlist; l++) {
            int n = other.listSize(l);
            if (n == 0) {
                continue;
            }
            long[] ids = java.util.Arrays.copyOf(other.getIds(l), n);
            for (int i = 0; i < n; i++) {
                ids[i] += addId;
            }
            addEntries(l, n, ids, 0, other.getCodes(l), 0);
            other.resize(l, 0);
        }
    }

    /** Total number of entries over all lists. */
    public long computeNtotal() {
        long total = 0;
        for (int l = 0; l < nlist; l++) {
            total += listSize(l);
        }
        return total;
    }

    /**
     * Imbalance of the list sizes: nlist * sum(size^2) / (sum size)^2; 1 for perfectly even lists
     * (FAISS: {@code imbalance_factor}).
     */
    public double imbalanceFactor() {
        double total = 0;
        double squares = 0;
        for (int l = 0; l < nlist; l++) {
            double s = listSize(l);
            total += s;
            squares += s * s;
        }
        return total == 0 ? 1.0 : nlist * squares / (total * total);
    }

    /** Bytes held by the lists (codes, ids and bookkeeping). */
    public abstract long ramBytesUsed();

    /** @throws IllegalArgumentException if listNo is outside 0 .. nlist-1 */
    protected final void checkList(int listNo) {
        if (listNo < 0 || listNo >= nlist) {
            throw new IllegalArgumentException("listNo=" + listNo + " is outside 0.." + (nlist - 1));
        }
    }

    /** @throws IllegalArgumentException if offset is not an entry of the list */
    protected final void checkOffset(int listNo, int offset) {
        checkList(listNo);
        int size = listSize(listNo);
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset=" + offset + " is outside list " + listNo + " of size " + size);
        }
    }

    /** Checks the arrays of an addEntries/updateEntries call. */
    protected final void checkEntries(int n, long[] ids, int idsOffset, byte[] codes, int codesOffset) {
        Checks.nonNegative("n", n);
        Objects.requireNonNull(ids, "ids is null");
        Objects.requireNonNull(codes, "codes is null");
        if (idsOffset < 0 || (long) idsOffset + n > ids.length) {
            throw new IllegalArgumentException(
                    "ids.length=" + ids.length + " but " + n + " ids are needed at " + idsOffset);
        }
        if (codesOffset < 0 || codesOffset + (long) n * codeSize > codes.length) {
            throw new IllegalArgumentException("codes.length=" + codes.length + " but " + (long) n * codeSize
                    + " bytes are needed at " + codesOffset);
        }
    }

    /** New capacity for a list that must hold {@code needed} entries (grows by half). */
    protected static int grow(int current, int needed) {
        long grown = Math.max((long) needed, (long) current + (current >> 1) + 4);
        return (int) Math.min(grown, Integer.MAX_VALUE - 16);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(nlist=" + nlist + ", codeSize=" + codeSize + ", ntotal=" + computeNtotal()
                + ")";
    }
}
