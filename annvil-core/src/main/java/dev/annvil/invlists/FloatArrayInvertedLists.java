package dev.annvil.invlists;

import dev.annvil.Checks;
import dev.annvil.impl.Float32Codes;
import java.util.Arrays;

/**
 * Inverted lists whose codes are float32 vectors of dimension d (codeSize = 4 * d bytes), kept as
 * one growable {@code float[]} per list so that IndexIVFFlat computes distances on them in place,
 * without decoding. The byte view ({@link #getCodes}, {@link #addEntries}...) is FAISS's layout:
 * each float little-endian; {@link #getCodes} therefore returns a copy, while {@link #getFloats}
 * and {@link #getIds} return the lists' own arrays.
 *
 * <p>Same contents and semantics as an {@link ArrayInvertedLists} of codeSize 4 * d (FAISS has only
 * that one; this class is Annvil's, for speed on the JVM where a byte[] cannot be read as floats).
 * Thread-safety: as {@link InvertedLists}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVFFlat.h">faiss/IndexIVFFlat.h</a>
 */
public class FloatArrayInvertedLists extends InvertedLists {
    private static final float[] NO_FLOATS = new float[0];
    private static final long[] NO_IDS = new long[0];

    private final int d;
    private final float[][] vectors;
    private final long[][] ids;
    private final int[] sizes;

    /**
     * Empty lists of d-dimensional float vectors.
     *
     * @throws IllegalArgumentException if nlist &lt; 1 or d &lt; 1
     */
    public FloatArrayInvertedLists(int nlist, int d) {
        super(nlist, Math.multiplyExact(4, d));
        this.d = d;
        vectors = new float[nlist][];
        ids = new long[nlist][];
        sizes = new int[nlist];
        Arrays.fill(vectors, NO_FLOATS);
        Arrays.fill(ids, NO_IDS);
    }

    /** Dimension of the stored vectors. */
    public int d() {
        return d;
    }

    @Override
    public int listSize(int listNo) {
        checkList(listNo);
        return sizes[listNo];
    }

    @Override
    public long[] getIds(int listNo) {
        checkList(listNo);
        return ids[listNo];
    }

    /** A little-endian byte copy of the list's vectors (listSize * codeSize bytes). */
    @Override
    public byte[] getCodes(int listNo) {
        checkList(listNo);
        byte[] out = new byte[sizes[listNo] * codeSize];
        Float32Codes.encode(vectors[listNo], 0, out, 0, sizes[listNo] * d);
        return out;
    }

    /**
     * The list's own vectors: listSize * d floats, row-major (entries past that are garbage). Read
     * it, never write it; invalidated by the next write to the list.
     */
    public float[] getFloats(int listNo) {
        checkList(listNo);
        return vectors[listNo];
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
        Float32Codes.decode(code, codeOffset, vectors[listNo], o * d, d);
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
        Float32Codes.decode(codes, codesOffset, vectors[listNo], o * d, n * d);
        sizes[listNo] = o + n;
        return o;
    }

    /**
     * Appends n vectors (n * d floats at xOffset) with their ids; returns the offset of the first.
     *
     * @throws IllegalArgumentException if listNo is out of range or an array is too short
     */
    public int addEntries(int listNo, int n, long[] newIds, int idsOffset, float[] x, int xOffset) {
        checkList(listNo);
        Checks.nonNegative("n", n);
        if (idsOffset < 0 || (long) idsOffset + n > newIds.length || xOffset < 0 || xOffset + (long) n * d > x.length) {
            throw new IllegalArgumentException("ids.length=" + newIds.length + ", x.length=" + x.length + " but " + n
                    + " entries of d=" + d + " are needed");
        }
        int o = sizes[listNo];
        ensureCapacity(listNo, o + n);
        System.arraycopy(newIds, idsOffset, ids[listNo], o, n);
        System.arraycopy(x, xOffset, vectors[listNo], o * d, n * d);
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
        Float32Codes.decode(codes, codesOffset, vectors[listNo], offset * d, n * d);
    }

    @Override
    public void resize(int listNo, int newSize) {
        checkList(listNo);
        Checks.nonNegative("newSize", newSize);
        int old = sizes[listNo];
        if (newSize == 0) {
            vectors[listNo] = NO_FLOATS;
            ids[listNo] = NO_IDS;
        } else if (newSize > old) {
            ensureCapacity(listNo, newSize);
            Arrays.fill(ids[listNo], old, newSize, -1L);
            Arrays.fill(vectors[listNo], old * d, newSize * d, 0f);
        } else if (newSize < ids[listNo].length / 2) {
            ids[listNo] = Arrays.copyOf(ids[listNo], newSize);
            vectors[listNo] = Arrays.copyOf(vectors[listNo], newSize * d);
        }
        sizes[listNo] = newSize;
    }

    /** Moves entries list by list; a FloatArrayInvertedLists source is copied without byte conversion. */
    @Override
    public void mergeFrom(InvertedLists other, long addId) {
        if (!(other instanceof FloatArrayInvertedLists f) || f.d != d || f.nlist != nlist || f == this) {
            super.mergeFrom(other, addId);
            return;
        }
        for (int l = 0; l < nlist; l++) {
            int n = f.sizes[l];
            if (n == 0) {
                continue;
            }
            long[] shifted = Arrays.copyOf(f.ids[l], n);
            for (int i = 0; i < n; i++) {
                shifted[i] += addId;
            }
            addEntries(l, n, shifted, 0, f.vectors[l], 0);
            f.resize(l, 0);
        }
    }

    private void ensureCapacity(int listNo, int needed) {
        if (needed > ids[listNo].length) {
            if ((long) needed * d > Integer.MAX_VALUE - 16) {
                throw new IllegalStateException("list " + listNo + " cannot hold " + needed + " vectors of d=" + d
                        + " (more than 2^31 floats)");
            }
            int capacity = (int) Math.min(grow(ids[listNo].length, needed), (Integer.MAX_VALUE - 16) / d);
            ids[listNo] = Arrays.copyOf(ids[listNo], capacity);
            vectors[listNo] = Arrays.copyOf(vectors[listNo], capacity * d);
        }
    }

    @Override
    public long ramBytesUsed() {
        long bytes = 16L * nlist + 4L * nlist;
        for (int l = 0; l < nlist; l++) {
            bytes += 16 + 4L * vectors[l].length + 16 + 8L * ids[l].length;
        }
        return bytes;
    }
}
