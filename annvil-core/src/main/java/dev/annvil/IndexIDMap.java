package dev.annvil;

import java.util.Arrays;
import java.util.Objects;

/**
 * Gives the vectors of another index the caller's 64-bit ids: {@link #addWithIds} stores the ids
 * in {@code idMap} (position in the inner index -&gt; id), and search results carry those ids.
 *
 * <p>The inner index is shared, not copied: adding through the wrapper grows it. It must be empty
 * when wrapped. Ids need not be unique (duplicates are all returned). {@link #add} is refused, as
 * in FAISS. Removal passes a translated selector to the inner index, which must remove by
 * order-preserving compaction (flat indexes do).
 *
 * <p>Thread-safety: as the inner index; searches may run concurrently, mutation needs exclusion.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIDMap.h">faiss/IndexIDMap.h</a>
 */
public class IndexIDMap implements Index {
    private final Index index;
    private long[] idMap = new long[0];
    private int ntotal;

    /**
     * Wraps an empty index.
     *
     * @param index the index that stores the vectors
     * @throws IllegalArgumentException if index already holds vectors
     */
    public IndexIDMap(Index index) {
        this.index = Objects.requireNonNull(index, "index is null");
        if (index.ntotal() != 0) {
            throw new IllegalArgumentException("index must be empty on input (it holds ntotal=" + index.ntotal() + ")");
        }
    }

    /**
     * Wraps a filled index whose position i holds the vector of id {@code idMap[i]} (for readers
     * of index files).
     *
     * @throws IllegalArgumentException if idMap.length != index.ntotal()
     */
    public IndexIDMap(Index index, long[] idMap) {
        this.index = Objects.requireNonNull(index, "index is null");
        if (idMap.length != index.ntotal()) {
            throw new IllegalArgumentException(
                    "idMap holds " + idMap.length + " ids but the index ntotal=" + index.ntotal());
        }
        this.idMap = idMap.clone();
        this.ntotal = idMap.length;
    }

    /** The wrapped index (positions 0 .. ntotal-1). */
    public Index getIndex() {
        return index;
    }

    /** A copy of the id of each inner position, length ntotal. */
    public long[] getIdMap() {
        return Arrays.copyOf(idMap, ntotal);
    }

    /**
     * The id stored for inner position {@code pos}.
     *
     * @throws IllegalArgumentException if pos is outside 0 .. ntotal-1
     */
    public long idAt(long pos) {
        if (pos < 0 || pos >= ntotal) {
            throw new IllegalArgumentException("pos=" + pos + " is outside 0.." + (ntotal - 1L));
        }
        return idMap[(int) pos];
    }

    @Override
    public int d() {
        return index.d();
    }

    @Override
    public long ntotal() {
        return ntotal;
    }

    @Override
    public boolean isTrained() {
        return index.isTrained();
    }

    @Override
    public MetricType metricType() {
        return index.metricType();
    }

    @Override
    public void train(int n, float[] x) {
        index.train(n, x);
    }

    /** @throws UnsupportedOperationException always: ids are required */
    @Override
    public void add(int n, float[] x) {
        throw new UnsupportedOperationException("add does not make sense with IndexIDMap, use addWithIds");
    }

    @Override
    public void addWithIds(int n, float[] x, long[] xids) {
        addWithIds(n, x, xids, ProgressListener.NONE);
    }

    /**
     * {@link #addWithIds(int, float[], long[])} through the inner index's {@link
     * Index#add(int, float[], ProgressListener)}: if the listener cancels, the vectors the inner
     * index kept (a prefix of the batch, possibly empty) keep their ids and the rest is dropped, so
     * the wrapper and the inner index stay aligned.
     */
    @Override
    public void addWithIds(int n, float[] x, long[] xids, ProgressListener listener) {
        Checks.batch(n, x, d());
        Checks.length("xids", xids, n);
        long before = index.ntotal();
        try {
            index.add(n, x, listener);
        } finally {
            int added = (int) (index.ntotal() - before);
            if (idMap.length < ntotal + added) {
                idMap = Arrays.copyOf(idMap, Math.max(ntotal + added, idMap.length * 3 / 2 + 16));
            }
            System.arraycopy(xids, 0, idMap, ntotal, added);
            ntotal += added;
        }
    }

    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        index.search(n, x, k, distances, labels, translate(params));
        long total = (long) n * k;
        for (int i = 0; i < total; i++) {
            labels[i] = toId(labels[i]);
        }
    }

    @Override
    public RangeSearchResult rangeSearch(int n, float[] x, float radius, SearchParameters params) {
        RangeSearchResult r = index.rangeSearch(n, x, radius, translate(params));
        long[] ids = r.labels();
        for (int i = 0; i < ids.length; i++) {
            ids[i] = toId(ids[i]);
        }
        return r;
    }

    private long toId(long pos) {
        // positions the wrapper did not add (the shared inner index grew elsewhere) have no id
        return pos >= 0 && pos < ntotal ? idMap[(int) pos] : -1;
    }

    private SearchParameters translate(SearchParameters params) {
        if (params == null || params.sel() == null) {
            return params;
        }
        IDSelector sel = params.sel();
        return params.withSel(pos -> pos >= 0 && pos < ntotal && sel.isMember(idMap[(int) pos]));
    }

    /** Removes every vector whose id is selected; returns how many. */
    @Override
    public long removeIds(IDSelector sel) {
        Objects.requireNonNull(sel, "sel is null");
        long[] snapshot = idMap;
        int count = ntotal;
        long removed = index.removeIds(pos -> pos >= 0 && pos < count && sel.isMember(snapshot[(int) pos]));
        int kept = 0;
        for (int i = 0; i < ntotal; i++) {
            if (!sel.isMember(idMap[i])) {
                idMap[kept++] = idMap[i];
            }
        }
        if (ntotal - kept != removed) {
            throw new IllegalStateException(
                    "inner index removed " + removed + " vectors but " + (ntotal - kept) + " ids were selected");
        }
        ntotal = kept;
        idsRemoved();
        return removed;
    }

    /** Hook for subclasses that keep derived id structures. */
    void idsRemoved() {}

    @Override
    public void reset() {
        index.reset();
        idMap = new long[0];
        ntotal = 0;
        idsRemoved();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + index + ", ntotal=" + ntotal + ")";
    }
}
