package dev.annvil.invlists;

import java.util.Arrays;

/**
 * Inverted lists in memory: per list one growable {@code byte[]} of codes and one {@code long[]}
 * of ids. {@link #getCodes} and {@link #getIds} return the lists' own arrays (no copy), so
 * scanners read codes in place. A list holds at most about 2^31 bytes of codes.
 *
 * <p>Thread-safety: as {@link InvertedLists}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/invlists/InvertedLists.h">faiss ArrayInvertedLists</a>
 */
public class ArrayInvertedLists extends InvertedLists {
    private static final byte[] NO_CODES = new byte[0];
    private static final long[] NO_IDS = new long[0];

    private final byte[][] codes;
    private final long[][] ids;
    private final int[] sizes;

    /**
     * Empty lists.
     *
     * @param nlist number of lists
     * @param codeSize bytes per code
     * @throws IllegalArgumentException if nlist &lt; 1 or codeSize &lt; 1
     */
    public ArrayInvertedLists(int nlist, int codeSize) {
        super(nlist, codeSize);
        codes = new byte[nlist][];
        ids = new long[nlist][];
        sizes = new int[nlist];
        Arrays.fill(codes, NO_CODES);
        Arrays.fill(ids, NO_IDS);
    }

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

    /** The list's own array; bytes past listSize * codeSize are garbage. */
    @Override
    public byte[] getCodes(int listNo) {
        checkList(listNo);
        return codes[listNo];
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
        System.arraycopy(code, codeOffset, codes[listNo], o * codeSize, codeSize);
        sizes[listNo] = o + 1;
        return o;
    }

    @Override
    public int addEntries(int listNo, int n, long[] newIds, int idsOffset, byte[] newCodes, int codesOffset) {
        checkList(listNo);
        checkEntries(n, newIds, idsOffset, newCodes, codesOffset);
        int o = sizes[listNo];
        ensureCapacity(listNo, o + n);
        System.arraycopy(newIds, idsOffset, ids[listNo], o, n);
        System.arraycopy(newCodes, codesOffset, codes[listNo], o * codeSize, n * codeSize);
        sizes[listNo] = o + n;
        return o;
    }

    @Override
    public void updateEntries(
            int listNo, int offset, int n, long[] newIds, int idsOffset, byte[] newCodes, int codesOffset) {
        checkList(listNo);
        checkEntries(n, newIds, idsOffset, newCodes, codesOffset);
        if (offset < 0 || offset + n > sizes[listNo]) {
            throw new IllegalArgumentException("entries [" + offset + ", " + (offset + n) + ") are outside list "
                    + listNo + " of size " + sizes[listNo]);
        }
        System.arraycopy(newIds, idsOffset, ids[listNo], offset, n);
        System.arraycopy(newCodes, codesOffset, codes[listNo], offset * codeSize, n * codeSize);
    }

    @Override
    public void resize(int listNo, int newSize) {
        checkList(listNo);
        dev.annvil.Checks.nonNegative("newSize", newSize);
        int old = sizes[listNo];
        if (newSize == 0) {
            codes[listNo] = NO_CODES;
            ids[listNo] = NO_IDS;
        } else if (newSize > old) {
            ensureCapacity(listNo, newSize);
            Arrays.fill(ids[listNo], old, newSize, -1L);
            Arrays.fill(codes[listNo], old * codeSize, newSize * codeSize, (byte) 0);
        } else if (newSize < ids[listNo].length / 2) {
            // give memory back when a list shrinks a lot (as std::vector::shrink_to_fit would not)
            ids[listNo] = Arrays.copyOf(ids[listNo], newSize);
            codes[listNo] = Arrays.copyOf(codes[listNo], newSize * codeSize);
        }
        sizes[listNo] = newSize;
    }

    private void ensureCapacity(int listNo, int needed) {
        if (needed > ids[listNo].length) {
            if ((long) needed * codeSize > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("list " + listNo + " cannot hold " + needed + " codes of " + codeSize
                        + " bytes (more than 2^31 bytes)");
            }
            int capacity = (int) Math.min(grow(ids[listNo].length, needed), (Integer.MAX_VALUE - 16) / codeSize);
            ids[listNo] = Arrays.copyOf(ids[listNo], capacity);
            codes[listNo] = Arrays.copyOf(codes[listNo], capacity * codeSize);
        }
    }

    @Override
    public long ramBytesUsed() {
        long bytes = 16L * nlist + 4L * nlist;
        for (int l = 0; l < nlist; l++) {
            bytes += 16 + codes[l].length + 16 + 8L * ids[l].length;
        }
        return bytes;
    }
}
