package dev.annvil;

import dev.annvil.impl.InvertedListScanner;
import dev.annvil.invlists.ArrayInvertedLists;
import dev.annvil.invlists.DirectMap;
import dev.annvil.invlists.InvertedLists;
import java.util.Arrays;
import java.util.Objects;

/**
 * An inverted file (IVF): a coarse quantizer (an {@link Index} holding nlist centroids, usually
 * {@link IndexFlatL2}/{@link IndexFlatIP}) assigns each vector to its nearest centroid's list, and
 * {@link InvertedLists} store each vector's id and code there. A search visits only the nprobe
 * lists whose centroids are nearest to the query. How vectors become codes, and how a query is
 * compared with codes, is the subclass's: {@link #encodeVectors}, {@link #getInvertedListScanner}
 * and {@link #reconstructFromOffset} (optionally {@link #trainEncoder}, by residual or not).
 *
 * <p>Shapes: vectors are n * d floats, row-major; codes are {@link #codeSize()} bytes. Distances
 * are squared L2 (ascending) or inner products (descending), per {@link #metricType()}; rows with
 * fewer than k hits are padded with label -1 and +/-Float.MAX_VALUE.
 *
 * <p>Ids: lists store 64-bit ids, so {@link #addWithIds} works natively; {@link #add} gives ids
 * ntotal .. ntotal+n-1. Unlike {@link IndexFlat}, {@link #removeIds} does <em>not</em> renumber the
 * remaining vectors (as in FAISS): ids stay what they were, and a later {@code add} may reuse ids.
 * A {@link DirectMap} (off by default) maps ids back to list entries for {@link #reconstruct}.
 *
 * <p>Defaults are FAISS's: nprobe 1, maxCodes 0 (no limit), k-means with niter 10 (FAISS's
 * Level1Quantizer lowers the Clustering default of 25) and spherical centroids for inner product.
 *
 * <p>Thread-safety: searches, range searches and reconstructions may run concurrently; train, add,
 * removeIds, reset, mergeFrom and the setters need exclusive access. Batch work runs on {@link
 * Parallelism}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVF.h">faiss/IndexIVF.h</a>
 * @see <a href="https://doi.org/10.1109/TPAMI.2010.57">H. Jégou, M. Douze, C. Schmid, Product
 *     quantization for nearest neighbor search, IEEE TPAMI 2011</a>
 * @see <a href="https://doi.org/10.1109/ICCV.2003.1238663">J. Sivic, A. Zisserman, Video Google: a text
 *     retrieval approach to object matching in videos, ICCV 2003</a>
 */
public abstract class IndexIVF implements Index {
    /** Dimension. */
    protected final int d;
    /** Metric of the results. */
    protected final MetricType metricType;
    /** Maps vectors to lists: holds nlist centroids once trained. */
    protected final Index quantizer;
    /** Number of inverted lists. */
    protected final int nlist;
    /** Bytes per code. */
    protected final int codeSize;
    /** Where vectors are found by id (reconstruct, fast removal). */
    protected final DirectMap directMap = new DirectMap();
    /** Whether codes encode x minus its list's centroid (subclasses decide; FAISS's default is true). */
    protected boolean byResidual = true;
    /** The lists. */
    protected InvertedLists invlists;
    /** Number of vectors stored. */
    protected long ntotal;
    /** True once the quantizer (and encoder) are trained. */
    protected boolean isTrained;

    private int nprobe = 1;
    private long maxCodes;
    /** k-means parameters of the coarse quantizer's training. */
    ClusteringParameters cp;

    /**
     * An IVF index over {@code quantizer}, with {@link ArrayInvertedLists}.
     *
     * @param quantizer coarse quantizer of dimension d; trained with nlist vectors, or empty
     * @param d dimension
     * @param nlist number of inverted lists
     * @param codeSize bytes per code
     * @param metricType L2 or inner product
     * @throws IllegalArgumentException if quantizer.d() != d, or d, nlist or codeSize &lt; 1
     */
    protected IndexIVF(Index quantizer, int d, int nlist, int codeSize, MetricType metricType) {
        this(quantizer, d, nlist, codeSize, metricType, null);
    }

    /** As {@link #IndexIVF(Index, int, int, int, MetricType)} with given lists (null: ArrayInvertedLists). */
    protected IndexIVF(Index quantizer, int d, int nlist, int codeSize, MetricType metricType, InvertedLists invlists) {
        this.quantizer = Objects.requireNonNull(quantizer, "quantizer is null");
        this.metricType = Objects.requireNonNull(metricType, "metricType is null");
        Checks.positive("d", d);
        Checks.positive("nlist", nlist);
        Checks.positive("codeSize", codeSize);
        if (quantizer.d() != d) {
            throw new IllegalArgumentException("quantizer.d()=" + quantizer.d() + " but d=" + d);
        }
        this.d = d;
        this.nlist = nlist;
        this.codeSize = codeSize;
        this.invlists = invlists == null ? new ArrayInvertedLists(nlist, codeSize) : invlists;
        checkLists(this.invlists);
        this.isTrained = quantizer.isTrained() && quantizer.ntotal() == nlist;
        ClusteringParameters base = ClusteringParameters.DEFAULT.withNiter(10);
        this.cp = metricType == MetricType.INNER_PRODUCT ? base.withSpherical(true) : base;
    }

    // ----- encoder hooks -----

    /**
     * Encodes n vectors as they are stored in their lists.
     *
     * @param x n * d floats at xOffset
     * @param listNos n list numbers from the quantizer (-1: no list, code ignored)
     * @param codes output, n * codeSize bytes
     */
    public abstract void encodeVectors(int n, float[] x, int xOffset, long[] listNos, byte[] codes);

    /**
     * A scanner for one search thread (see {@link InvertedListScanner}).
     *
     * @param sel ids that may be returned, or null for all
     * @param params the search's parameters, or null
     */
    protected abstract InvertedListScanner getInvertedListScanner(IDSelector sel, SearchParameters params);

    /** Decodes entry {@code offset} of list {@code listNo} into d floats at recons[reconsOffset ..). */
    public abstract void reconstructFromOffset(int listNo, int offset, float[] recons, int reconsOffset);

    /**
     * Trains the encoder on n vectors (residuals if {@link #byResidual}, with their lists in
     * assign; raw vectors and assign == null otherwise). Default: nothing to train. If listener
     * cancels, the encoder must be left as it was.
     */
    protected void trainEncoder(int n, float[] x, long[] assign, ProgressListener listener) {}

    /** Fraction of {@link #train} progress reported by {@link #trainEncoder} (default 0). */
    protected double encoderTrainingShare() {
        return 0;
    }

    // ----- Index -----

    @Override
    public int d() {
        return d;
    }

    @Override
    public long ntotal() {
        return ntotal;
    }

    @Override
    public boolean isTrained() {
        return isTrained;
    }

    @Override
    public MetricType metricType() {
        return metricType;
    }

    @Override
    public void train(int n, float[] x) {
        train(n, x, ProgressListener.NONE);
    }

    /**
     * Trains the coarse quantizer by k-means ({@link Clustering} with {@link #cp()}) unless it
     * already holds nlist centroids, then the encoder. Needs n &gt;= nlist; below 39 * nlist a
     * warning is logged. Cancelling through the listener leaves the index as it was.
     *
     * @param x n * d floats, row-major
     * @throws IllegalArgumentException if n &lt; nlist or x is too short
     * @throws IllegalStateException if the index holds vectors and the quantizer must be trained
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public void train(int n, float[] x, ProgressListener listener) {
        IVFBuild.train(this, n, x, listener);
    }

    @Override
    public void add(int n, float[] x) {
        addCore(n, x, null, ProgressListener.NONE);
    }

    /**
     * {@link #add} with progress per block; cancelling leaves the index as it was.
     *
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    public void add(int n, float[] x, ProgressListener listener) {
        addCore(n, x, null, listener);
    }

    @Override
    public void addWithIds(int n, float[] x, long[] xids) {
        addWithIds(n, x, xids, ProgressListener.NONE);
    }

    /**
     * Adds n vectors under the caller's ids, with progress per block; cancelling leaves the index
     * as it was.
     *
     * @throws IllegalArgumentException if x or xids is too short
     * @throws IllegalStateException if the index is not trained
     * @throws UnsupportedOperationException if the direct map is an ARRAY (it needs sequential ids)
     * @throws java.util.concurrent.CancellationException if the listener cancels
     */
    @Override
    public void addWithIds(int n, float[] x, long[] xids, ProgressListener listener) {
        Checks.length("xids", xids, n);
        addCore(n, x, xids, listener);
    }

    private void addCore(int n, float[] x, long[] xids, ProgressListener listener) {
        IVFBuild.add(this, n, x, xids, listener);
    }

    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        IVFSearch.search(this, n, x, k, distances, labels, params);
    }

    /**
     * Searches with coarse assignments computed by the caller (FAISS: search_preassigned).
     *
     * @param assign n * nprobe list numbers (-1 entries are skipped), nprobe = the effective nprobe
     *     of params or the index
     * @param centroidDis n * nprobe distances of the queries to those centroids
     */
    public void searchPreassigned(
            int n,
            float[] x,
            int k,
            long[] assign,
            float[] centroidDis,
            float[] distances,
            long[] labels,
            SearchParameters params) {
        IVFSearch.searchPreassigned(this, n, x, k, assign, centroidDis, distances, labels, params);
    }

    @Override
    public RangeSearchResult rangeSearch(int n, float[] x, float radius, SearchParameters params) {
        return IVFSearch.rangeSearch(this, n, x, radius, params);
    }

    /**
     * Copies the vector stored under id {@code key} (decoded, so approximate for lossy codes).
     *
     * @throws IllegalArgumentException if the key is not stored or recons.length &lt; d
     * @throws IllegalStateException if there is no direct map ({@link #makeDirectMap})
     */
    @Override
    public void reconstruct(long key, float[] recons) {
        Checks.length("recons", recons, d);
        long lo = directMap.get(key);
        reconstructFromOffset(DirectMap.loListNo(lo), DirectMap.loOffset(lo), recons, 0);
    }

    /** Decodes ids i0 .. i0+ni-1 by scanning the lists (no direct map needed; absent ids stay 0). */
    @Override
    public void reconstructN(long i0, int ni, float[] recons) {
        Checks.range("i0", i0, ni, ntotal);
        Checks.length("recons", recons, (long) ni * d);
        Arrays.fill(recons, 0, ni * d, 0f);
        for (int l = 0; l < nlist; l++) {
            int size = invlists.listSize(l);
            long[] ids = invlists.getIds(l);
            for (int ofs = 0; ofs < size; ofs++) {
                if (ids[ofs] >= i0 && ids[ofs] < i0 + ni) {
                    reconstructFromOffset(l, ofs, recons, (int) (ids[ofs] - i0) * d);
                }
            }
        }
    }

    /**
     * Removes every vector whose id is selected, without renumbering the others (FAISS's IVF
     * semantics); list order is not kept.
     *
     * @throws UnsupportedOperationException with an ARRAY direct map
     */
    @Override
    public long removeIds(IDSelector sel) {
        long removed = directMap.removeIds(sel, invlists);
        ntotal -= removed;
        return removed;
    }

    @Override
    public void reset() {
        directMap.clear();
        invlists.reset();
        ntotal = 0;
    }

    /**
     * Moves every entry of {@code other} into this index, adding {@code addId} to its ids; other
     * is left empty. Both must be the same class with the same d, nlist, codeSize and identical
     * centroids, and neither may have a direct map (as in FAISS).
     *
     * @throws IllegalArgumentException if the indexes are not compatible
     */
    public void mergeFrom(IndexIVF other, long addId) {
        checkCompatibleForMerge(other);
        invlists.mergeFrom(other.invlists, addId);
        ntotal += other.ntotal;
        other.ntotal = 0;
    }

    /** @throws IllegalArgumentException naming the first difference that forbids a merge */
    public void checkCompatibleForMerge(IndexIVF other) {
        Objects.requireNonNull(other, "other is null");
        String why = null;
        if (other == this) {
            why = "cannot merge an index into itself";
        } else if (other.getClass() != getClass()) {
            why = "can only merge indexes of the same type: " + other.getClass().getSimpleName();
        } else if (other.d != d || other.nlist != nlist || other.codeSize != codeSize) {
            why = "d, nlist or codeSize differ: " + other.d + "/" + other.nlist + "/" + other.codeSize;
        } else if (other.metricType != metricType) {
            why = "metricType differs: " + other.metricType;
        } else if (quantizer.ntotal() != other.quantizer.ntotal()) {
            why = "quantizers differ in ntotal: " + other.quantizer.ntotal();
        } else if (!directMap.no() || !other.directMap.no()) {
            why = "merge with a direct map is not implemented: makeDirectMap(false) on both first";
        } else if (byResidual != other.byResidual) {
            why = "byResidual differs";
        } else {
            float[] a = new float[nlist * d];
            float[] b = new float[nlist * d];
            quantizer.reconstructN(0, nlist, a);
            other.quantizer.reconstructN(0, nlist, b);
            if (!Arrays.equals(a, b)) {
                why = "coarse quantizers should be the same";
            }
        }
        if (why != null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".mergeFrom: " + why);
        }
    }

    // ----- direct map, lists, parameters -----

    /**
     * Marks the index trained or not (for readers of index files, which set the quantizer and the
     * encoder's parameters themselves). Subclasses with derived tables rebuild them.
     */
    public void setTrained(boolean trained) {
        this.isTrained = trained;
    }

    /** Creates an ARRAY direct map (true) or drops the direct map (false). */
    public void makeDirectMap(boolean enable) {
        setDirectMapType(enable ? DirectMap.Type.ARRAY : DirectMap.Type.NO_MAP);
    }

    /**
     * Switches the direct map type, rebuilding it from the lists.
     *
     * @throws IllegalArgumentException for ARRAY if ids are not 0 .. ntotal-1
     */
    public void setDirectMapType(DirectMap.Type type) {
        directMap.setType(type, invlists, ntotal);
    }

    /** The direct map (read-only use). */
    public DirectMap directMap() {
        return directMap;
    }

    /**
     * Replaces the inverted lists (FAISS: replace_invlists); ntotal is recomputed from them and the
     * direct map rebuilt.
     *
     * @throws IllegalArgumentException if nlist or codeSize differ
     */
    public void replaceInvlists(InvertedLists il) {
        checkLists(Objects.requireNonNull(il, "invlists is null"));
        DirectMap.Type type = directMap.type();
        directMap.setType(DirectMap.Type.NO_MAP, invlists, ntotal);
        invlists = il;
        ntotal = il.computeNtotal();
        directMap.setType(type, il, ntotal);
    }

    private void checkLists(InvertedLists il) {
        if (il.nlist() != nlist || il.codeSize() != codeSize) {
            throw new IllegalArgumentException("invlists have nlist=" + il.nlist() + ", codeSize=" + il.codeSize()
                    + " but the index has nlist=" + nlist + ", codeSize=" + codeSize);
        }
    }

    /** The inverted lists (read-only use; mutate through the index). */
    public InvertedLists invlists() {
        return invlists;
    }

    /** The coarse quantizer. */
    public Index quantizer() {
        return quantizer;
    }

    /** Number of inverted lists. */
    public int nlist() {
        return nlist;
    }

    /** Bytes per code. */
    public int codeSize() {
        return codeSize;
    }

    /** Whether codes are relative to the list's centroid. */
    public boolean byResidual() {
        return byResidual;
    }

    /** Number of entries of list {@code listNo}. */
    public int getListSize(int listNo) {
        return invlists.listSize(listNo);
    }

    /** Default number of lists visited per query (1). */
    public int nprobe() {
        return nprobe;
    }

    /** @throws IllegalArgumentException if nprobe &lt; 1 */
    public void setNprobe(int nprobe) {
        Checks.positive("nprobe", nprobe);
        this.nprobe = nprobe;
    }

    /** Default most codes scanned per query (0: no limit). */
    public long maxCodes() {
        return maxCodes;
    }

    /** @throws IllegalArgumentException if maxCodes &lt; 0 */
    public void setMaxCodes(long maxCodes) {
        Checks.nonNegative("maxCodes", maxCodes);
        this.maxCodes = maxCodes;
    }

    /** k-means parameters of {@link #train} (FAISS: cp; niter 10, spherical for inner product). */
    public ClusteringParameters cp() {
        return cp;
    }

    /** Sets the k-means parameters of {@link #train}. */
    public void setCp(ClusteringParameters cp) {
        this.cp = Objects.requireNonNull(cp, "cp is null");
    }

    /** Bytes held by the lists, the direct map and a flat quantizer. */
    public long ramBytesUsed() {
        long q = quantizer instanceof IndexFlat f ? f.ramBytesUsed() : 0;
        return invlists.ramBytesUsed() + directMap.ramBytesUsed() + q;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(d=" + d + ", nlist=" + nlist + ", nprobe=" + nprobe + ", ntotal=" + ntotal
                + ", metricType=" + metricType + ")";
    }
}
