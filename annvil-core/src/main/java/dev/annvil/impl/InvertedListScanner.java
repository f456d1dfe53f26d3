package dev.annvil.impl;

import dev.annvil.IDSelector;
import dev.annvil.invlists.InvertedLists;

/**
 * Computes the distances of one query to the codes of inverted lists: the part of an IVF search
 * that depends on the encoding. {@code IndexIVF} asks its subclass for one scanner per search
 * thread, then for each query calls {@link #setQuery}, and for each probed list {@link #setList}
 * followed by {@link #scanCodes} (k-NN) or {@link #scanCodesRange} (range search).
 *
 * <p>A subclass must implement {@link #setQuery} and {@link #distanceToCode}; the default scans
 * read the list's codes with {@link InvertedLists#getCodes} and call distanceToCode per entry.
 * Encodings that can do better (IVFFlat on float lists, PQ with look-up tables) override the
 * scans. Distances are squared L2 or inner products, as the index's metric; for inner product
 * ({@link #keepMax}) the k-NN heap holds negated values so that smaller is always better (see
 * {@link ResultHeap}).
 *
 * <p>Not thread-safe: a scanner holds one query's state and per-thread scratch.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVF.h">faiss InvertedListScanner</a>
 */
public abstract class InvertedListScanner {
    /** Bytes per code. */
    protected final int codeSize;
    /** True for inner product: larger is better. */
    protected final boolean keepMax;
    /** Ids that may be returned, or null for all. */
    protected final IDSelector sel;
    /** The list being scanned, set by {@link #setList}. */
    protected int listNo = -1;
    /** Distance of the query to the list's centroid, set by {@link #setList}. */
    protected float coarseDis;

    /**
     * @param codeSize bytes per code
     * @param keepMax true for inner product (larger is better)
     * @param sel ids that may be returned, or null for all
     */
    protected InvertedListScanner(int codeSize, boolean keepMax, IDSelector sel) {
        this.codeSize = codeSize;
        this.keepMax = keepMax;
        this.sel = sel;
    }

    /** From now on, handle the query of d floats at {@code x[offset ..)}; the array is not copied. */
    public abstract void setQuery(float[] x, int offset);

    /** The following codes come from list {@code listNo}, whose centroid is at coarseDis from the query. */
    public void setList(int listNo, float coarseDis) {
        this.listNo = listNo;
        this.coarseDis = coarseDis;
    }

    /** Distance of the query to one code: codeSize bytes at {@code codes[offset ..)}. */
    public abstract float distanceToCode(byte[] codes, int offset);

    /**
     * Scans the first n entries of the current list of {@code il} and offers each selected one to
     * the heap slice {@code [base, base + k)} of (heapDis, heapIds) (see {@link ResultHeap}).
     *
     * @return number of heap updates
     */
    public int scanCodes(InvertedLists il, int n, float[] heapDis, long[] heapIds, int base, int k) {
        byte[] codes = il.getCodes(listNo);
        long[] ids = il.getIds(listNo);
        int updates = 0;
        for (int j = 0; j < n; j++) {
            if (sel != null && !sel.isMember(ids[j])) {
                continue;
            }
            float dis = distanceToCode(codes, j * codeSize);
            float h = keepMax ? -dis : dis;
            if (h < heapDis[base]) {
                ResultHeap.push(heapDis, heapIds, base, k, h, ids[j]);
                updates++;
            }
        }
        return updates;
    }

    /**
     * Scans the first n entries of the current list of {@code il} and appends each selected entry
     * within {@code radius} (squared L2 strictly below, or inner product strictly above) to out.
     */
    public void scanCodesRange(InvertedLists il, int n, float radius, RangeQueryResult out) {
        byte[] codes = il.getCodes(listNo);
        long[] ids = il.getIds(listNo);
        for (int j = 0; j < n; j++) {
            if (sel != null && !sel.isMember(ids[j])) {
                continue;
            }
            float dis = distanceToCode(codes, j * codeSize);
            if (keepMax ? dis > radius : dis < radius) {
                out.add(dis, ids[j]);
            }
        }
    }
}
