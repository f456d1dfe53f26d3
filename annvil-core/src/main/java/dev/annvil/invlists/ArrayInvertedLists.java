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
public class ArrayInvertedLists extends AbstractArrayInvertedLists {
    private static final byte[] NO_CODES = new byte[0];

    private final byte[][] codes;

    /**
     * Empty lists.
     *
     * @param nlist number of lists
     * @param codeSize bytes per code
     * @throws IllegalArgumentException if nlist &lt; 1 or codeSize &lt; 1
     */
    public ArrayInvertedLists(int nlist, int codeSize) {
        super(nlist, codeSize, codeSize);
        codes = new byte[nlist][];
        Arrays.fill(codes, NO_CODES);
    }

    /** The list's own array; bytes past listSize * codeSize are garbage. */
    @Override
    public byte[] getCodes(int listNo) {
        checkList(listNo);
        return codes[listNo];
    }

    @Override
    final void setStorageCapacity(int listNo, int capacity) {
        codes[listNo] = capacity == 0 ? NO_CODES : Arrays.copyOf(codes[listNo], capacity * codeSize);
    }

    @Override
    final void zeroStorage(int listNo, int from, int to) {
        Arrays.fill(codes[listNo], from * codeSize, to * codeSize, (byte) 0);
    }

    @Override
    final void writeCodes(int listNo, int offset, int n, byte[] src, int srcOffset) {
        System.arraycopy(src, srcOffset, codes[listNo], offset * codeSize, n * codeSize);
    }

    @Override
    final long storageBytes(int listNo) {
        return 16 + codes[listNo].length;
    }

    @Override
    final String tooLarge(int needed) {
        return needed + " codes of " + codeSize + " bytes (more than 2^31 bytes)";
    }
}
