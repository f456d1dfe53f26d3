package dev.annvil;

import dev.annvil.impl.ResultHeap;
import dev.annvil.simd.VectorUtil;
import java.util.Objects;

/**
 * Re-ranks the candidates of an approximate base index with exact distances: a search asks the
 * base index for k * kFactor candidates, computes their true distances to the query from an
 * {@link IndexFlat} of the raw vectors (the refine index, same metric) and keeps the k best.
 * Factory string {@code "...,RFlat"} (e.g. {@code "IVF256,PQ16,RFlat"}); FAISS file fourcc {@code
 * IxRF}.
 *
 * <p>Shapes and units: vectors are d floats; reported distances are exact squared L2 (ascending)
 * or inner products (descending) to the stored raw vectors. Labels are the base index's (positions
 * 0 .. ntotal-1 for the usual bases); rows with fewer than k candidates are padded with label -1
 * and +/-Float.MAX_VALUE. Memory: the base index plus 4 * d bytes per vector.
 *
 * <p>Defaults are FAISS 1.7.3's: kFactor 1 (only reorders the base's k results; raise it to gain
 * recall). Training trains the base index; add adds to both; {@link #reconstruct} returns the raw
 * vector from the refine index. As FAISS's IndexRefine there is no addWithIds, rangeSearch or
 * removeIds (they throw {@link UnsupportedOperationException}): the two indexes could not be kept
 * in step for every base type.
 *
 * <p>Thread-safety: searches and reconstructions may run concurrently; train, add, reset and the
 * setters need exclusive access.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexRefine.h">faiss/IndexRefine.h (IndexRefineFlat)</a>
 */
public class IndexRefineFlat implements Index {
    private final Index baseIndex;
    private final IndexFlat refineIndex;
    private float kFactor = 1;

    /**
     * Wraps an empty base index (trained or not).
     *
     * @throws IllegalArgumentException if the base index already holds vectors (their raw values
     *     are unknown: use {@link #IndexRefineFlat(Index, float[])})
     */
    public IndexRefineFlat(Index baseIndex) {
        this.baseIndex = Objects.requireNonNull(baseIndex, "baseIndex is null");
        if (baseIndex.ntotal() != 0) {
            throw new IllegalArgumentException(
                    "baseIndex should be empty in the beginning, has ntotal=" + baseIndex.ntotal());
        }
        this.refineIndex = new IndexFlat(baseIndex.d(), baseIndex.metricType());
    }

    /**
     * Wraps a filled base index, given the raw vectors it holds.
     *
     * @param xb baseIndex.ntotal() * d floats, row-major: the vectors in the base's label order
     * @throws IllegalArgumentException if xb.length &lt; ntotal * d
     */
    public IndexRefineFlat(Index baseIndex, float[] xb) {
        this.baseIndex = Objects.requireNonNull(baseIndex, "baseIndex is null");
        this.refineIndex = new IndexFlat(baseIndex.d(), baseIndex.metricType());
        long nb = baseIndex.ntotal();
        if (nb > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("baseIndex holds " + nb + " vectors, more than an IndexFlat can");
        }
        refineIndex.add((int) nb, Objects.requireNonNull(xb, "xb is null"));
    }

    static void checkKFactor(float kFactor) {
        if (!(kFactor >= 1) || Float.isInfinite(kFactor)) {
            throw new IllegalArgumentException("kFactor=" + kFactor + " must be finite and at least 1");
        }
    }

    /** The approximate index (FAISS: base_index); mutate it only through this index. */
    public Index baseIndex() {
        return baseIndex;
    }

    /** The raw vectors (FAISS: refine_index); mutate it only through this index. */
    public IndexFlat refineIndex() {
        return refineIndex;
    }

    /** Candidates per result asked from the base index (default 1, as FAISS 1.7.3). */
    public float kFactor() {
        return kFactor;
    }

    /** @throws IllegalArgumentException if kFactor is not finite or below 1 */
    public void setKFactor(float kFactor) {
        checkKFactor(kFactor);
        this.kFactor = kFactor;
    }

    @Override
    public int d() {
        return refineIndex.d();
    }

    @Override
    public long ntotal() {
        return refineIndex.ntotal();
    }

    /** The base index's training state (the flat refine index needs none). */
    @Override
    public boolean isTrained() {
        return baseIndex.isTrained();
    }

    @Override
    public MetricType metricType() {
        return refineIndex.metricType();
    }

    /** Trains the base index. */
    @Override
    public void train(int n, float[] x) {
        baseIndex.train(n, x);
        refineIndex.train(n, x);
    }

    /**
     * Adds n vectors to the base and the refine index; they get labels ntotal .. ntotal+n-1.
     *
     * @throws IllegalStateException if the base index is not trained
     */
    @Override
    public void add(int n, float[] x) {
        Checks.batch(n, x, d());
        if (!isTrained()) {
            throw new IllegalStateException("IndexRefineFlat: the base index is not trained: call train first");
        }
        baseIndex.add(n, x);
        refineIndex.add(n, x);
    }

    /**
     * Searches the base index for k * kFactor candidates (per-call {@link SearchParametersRefine}
     * override kFactor and give the base's parameters; any other parameters are passed to the base
     * search as they are), then keeps the k with the best exact distances. See {@link
     * Index#search} for shapes, ordering and padding.
     *
     * @throws IllegalArgumentException if k &lt; 1, an array is too short, or k * kFactor exceeds
     *     what one batch can hold
     */
    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        int d = d();
        Checks.batch(n, x, d);
        Checks.positive("k", k);
        Checks.length("distances", distances, (long) n * k);
        Checks.length("labels", labels, (long) n * k);
        if (!isTrained()) {
            throw new IllegalStateException("IndexRefineFlat is not trained: call train first");
        }
        float kf = kFactor;
        SearchParameters baseParams = params;
        if (params instanceof SearchParametersRefine rp) {
            kf = rp.kFactor();
            baseParams = rp.baseParams() != null
                    ? rp.baseParams()
                    : rp.sel() == null ? null : new SearchParameters(rp.sel());
        }
        long kBaseL = (long) (k * kf); // FAISS: idx_t(k * k_factor), a float product
        kBaseL = Math.max(k, kBaseL);
        if ((long) n * kBaseL > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(
                    "n * k * kFactor = " + n * kBaseL + " candidates do not fit in one batch");
        }
        int kBase = (int) kBaseL;
        if (n == 0) {
            return;
        }
        float[] baseDis = new float[n * kBase];
        long[] baseLab = new long[n * kBase];
        baseIndex.search(n, x, kBase, baseDis, baseLab, baseParams);
        boolean ip = metricType() == MetricType.INNER_PRODUCT;
        float[] xb = refineIndex.getXb();
        long nb = refineIndex.ntotal();
        int tasks = Math.min(n, Parallelism.numThreads());
        Parallelism.forEach(tasks, t -> {
            for (int q = t; q < n; q += tasks) {
                int out = q * k;
                ResultHeap.init(distances, labels, out, k);
                for (int j = 0; j < kBase; j++) {
                    long label = baseLab[q * kBase + j];
                    if (label < 0) {
                        continue;
                    }
                    if (label >= nb) {
                        throw new IllegalStateException("base index returned label " + label + " but ntotal=" + nb);
                    }
                    int off = (int) label * d;
                    float dis = ip
                            ? -VectorUtil.dotProduct(x, q * d, xb, off, d)
                            : VectorUtil.squareDistance(x, q * d, xb, off, d);
                    ResultHeap.push(distances, labels, out, k, dis, label);
                }
                ResultHeap.sort(distances, labels, out, k, ip);
            }
        });
    }

    /** The raw vector of label {@code key}, from the refine index. */
    @Override
    public void reconstruct(long key, float[] recons) {
        refineIndex.reconstruct(key, recons);
    }

    @Override
    public void reconstructN(long i0, int ni, float[] recons) {
        refineIndex.reconstructN(i0, ni, recons);
    }

    /** Empties both indexes; the base keeps its training. */
    @Override
    public void reset() {
        baseIndex.reset();
        refineIndex.reset();
    }

    /** Bytes held by the raw vectors plus the base index's (when it reports them). */
    public long ramBytesUsed() {
        long base = switch (baseIndex) {
            case IndexFlat f -> f.ramBytesUsed();
            case IndexFlatCodes c -> c.ramBytesUsed();
            case IndexIVF ivf -> ivf.ramBytesUsed();
            case IndexHNSW h -> h.ramBytesUsed();
            case IndexRefineFlat r -> r.ramBytesUsed();
            default -> 0;
        };
        return base + refineIndex.ramBytesUsed();
    }

    @Override
    public String toString() {
        return "IndexRefineFlat(base=" + baseIndex + ", kFactor=" + kFactor + ", ntotal=" + ntotal() + ")";
    }
}
