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
public class FloatArrayInvertedLists extends AbstractArrayInvertedLists {
    private static final float[] NO_FLOATS = new float[0];

    private final int d;
    private final float[][] vectors;

    /**
     * Empty lists of d-dimensional float vectors.
     *
     * @throws IllegalArgumentException if nlist &lt; 1 or d &lt; 1
     */
    public FloatArrayInvertedLists(int nlist, int d) {
        super(nlist, Math.multiplyExact(4, d), d);
        this.d = d;
        vectors = new float[nlist][];
        Arrays.fill(vectors, NO_FLOATS);
    }

    /** Dimension of the stored vectors. */
    public int d() {
        return d;
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

    @Override
    final void setStorageCapacity(int listNo, int capacity) {
        vectors[listNo] = capacity == 0 ? NO_FLOATS : Arrays.copyOf(vectors[listNo], capacity * d);
    }

    @Override
    final void zeroStorage(int listNo, int from, int to) {
        Arrays.fill(vectors[listNo], from * d, to * d, 0f);
    }

    @Override
    final void writeCodes(int listNo, int offset, int n, byte[] codes, int codesOffset) {
        Float32Codes.decode(codes, codesOffset, vectors[listNo], offset * d, n * d);
    }

    @Override
    final long storageBytes(int listNo) {
        return 16 + 4L * vectors[listNo].length;
    }

    @Override
    final String tooLarge(int needed) {
        return needed + " vectors of d=" + d + " (more than 2^31 floats)";
    }
}
