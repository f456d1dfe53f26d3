package dev.annvil;

import dev.annvil.impl.ResultHeap;
import dev.annvil.simd.VectorUtil;
import java.util.Arrays;
import java.util.Objects;

/**
 * Exact search: stores every vector uncompressed (4 * d bytes each) and compares each query with
 * all of them.
 *
 * <p>Batches of at least {@link #BLAS_THRESHOLD} queries are computed as FAISS does with BLAS: a
 * blocked inner-product kernel ({@link VectorUtil#dotProductBlock}) over query blocks x database
 * blocks, so each loaded database vector serves many queries, and L2 distances as {@code ||x||^2 +
 * ||y||^2 - 2 <x, y>} (clamped at 0; database norms are cached, 4 bytes per vector). Smaller
 * batches, and searches with an {@link IDSelector}, compute distances directly. Query blocks run
 * in parallel on {@link Parallelism}; a single query over a large database is split across
 * threads by database range.
 *
 * <p>Labels are positions 0 .. ntotal-1 in insertion order. Storage is one {@code float[]}, so
 * ntotal * d is limited to about 2^31 floats (8 GiB).
 *
 * <p>Thread-safety: searches, range searches and reconstructions may run concurrently;
 * add/removeIds/reset need exclusive access.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexFlat.h">faiss/IndexFlat.h</a>
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/utils/distances.cpp">faiss exhaustive_L2sqr_blas</a>
 */
public class IndexFlat implements Index {
    /** Batches with at least this many queries use the blocked kernel (FAISS: distance_compute_blas_threshold). */
    public static final int BLAS_THRESHOLD = 20;

    private static final int MAX_FLOATS = Integer.MAX_VALUE - 16;
    /** Most queries per block of the blocked kernel (the kernel packs each database block once per call). */
    private static final int QUERY_BLOCK = 4096;
    /** Database vectors per block of the blocked kernel (its packed copy should fit in L2). */
    private static final int DB_BLOCK = 192;
    /** Database vectors per chunk of the direct kernel. */
    private static final int SCAN_CHUNK = 1024;
    /** A single query is split across threads above this many multiply-adds. */
    private static final long PARALLEL_SCAN_WORK = 1L << 22;

    private final int d;
    private final MetricType metricType;
    private float[] xb = new float[0];
    /** Squared norms of the stored vectors (L2 only). */
    private float[] norms = new float[0];

    private int ntotal;

    /**
     * An empty flat index.
     *
     * @param d vector dimension
     * @param metricType L2 or inner product
     * @throws IllegalArgumentException if d &lt; 1
     */
    public IndexFlat(int d, MetricType metricType) {
        Checks.positive("d", d);
        this.d = d;
        this.metricType = Objects.requireNonNull(metricType, "metricType is null");
    }

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
        return true;
    }

    @Override
    public MetricType metricType() {
        return metricType;
    }

    /** Flat indexes need no training: checks the arguments and returns. */
    @Override
    public void train(int n, float[] x) {
        Checks.batch(n, x, d);
    }

    @Override
    public void add(int n, float[] x) {
        Checks.batch(n, x, d);
        long needed = ((long) ntotal + n) * d;
        if (needed > MAX_FLOATS) {
            throw new IllegalStateException("IndexFlat: cannot hold " + (ntotal + (long) n) + " vectors of d=" + d
                    + " (more than " + MAX_FLOATS + " floats)");
        }
        if (needed > xb.length) {
            long grown = Math.max(needed, Math.min((long) MAX_FLOATS, (long) xb.length * 3 / 2 + 16L * d));
            xb = Arrays.copyOf(xb, (int) grown);
        }
        System.arraycopy(x, 0, xb, ntotal * d, n * d);
        if (metricType == MetricType.L2) {
            if (norms.length < ntotal + n) {
                norms = Arrays.copyOf(norms, Math.max(ntotal + n, norms.length * 3 / 2 + 16));
            }
            for (int i = 0; i < n; i++) {
                int off = (ntotal + i) * d;
                norms[ntotal + i] = VectorUtil.dotProduct(xb, off, xb, off, d);
            }
        }
        ntotal += n;
    }

    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        Checks.batch(n, x, d);
        Checks.positive("k", k);
        Checks.length("distances", distances, (long) n * k);
        Checks.length("labels", labels, (long) n * k);
        IDSelector sel = params == null ? null : params.sel();
        if (n == 0) {
            return;
        }
        if (n >= BLAS_THRESHOLD && sel == null) {
            searchBlocked(n, x, k, distances, labels);
        } else if (n == 1 && (long) ntotal * d > PARALLEL_SCAN_WORK && Parallelism.numThreads() > 1) {
            FlatScan.searchOneSplit(
                    ntotal,
                    k,
                    distances,
                    labels,
                    sel,
                    metricType == MetricType.INNER_PRODUCT,
                    SCAN_CHUNK,
                    () -> chunks(x));
        } else {
            boolean ip = metricType == MetricType.INNER_PRODUCT;
            int tasks = Math.min(n, Parallelism.numThreads());
            Parallelism.forEach(tasks, t -> {
                FlatScan.Chunks chunks = chunks(x);
                float[] buf = new float[SCAN_CHUNK];
                for (int q = t; q < n; q += tasks) {
                    ResultHeap.init(distances, labels, q * k, k);
                    chunks.setQuery(q);
                    FlatScan.scan(chunks, 0, ntotal, k, distances, labels, q * k, sel, buf, ip);
                    ResultHeap.sort(distances, labels, q * k, k, ip);
                }
            });
        }
    }

    /** Direct distances (squared L2 or inner product) of the queries x to the stored vectors. */
    private FlatScan.Chunks chunks(float[] x) {
        boolean ip = metricType == MetricType.INNER_PRODUCT;
        float[] y = xb;
        return new FlatScan.Chunks() {
            private int xOff;

            @Override
            public void setQuery(int q) {
                xOff = q * d;
            }

            @Override
            public void distances(int start, int m, float[] out) {
                if (ip) {
                    VectorUtil.dotProductBatch(x, xOff, y, start * d, m, d, out, 0);
                } else {
                    VectorUtil.squareDistanceBatch(x, xOff, y, start * d, m, d, out, 0);
                }
            }
        };
    }

    /**
     * Batched search: query blocks x database blocks through the inner-product kernel. The kernel's
     * float32 sums over d terms (and, for L2, the cancellation in ||x||^2 + ||y||^2 - 2 <x, y>)
     * carry rounding errors, so each query keeps 2k candidates that are then re-ranked with
     * directly computed distances: the reported distances are as exact as the one-query path.
     */
    private void searchBlocked(int n, float[] x, int k, float[] distances, long[] labels) {
        boolean ip = metricType == MetricType.INNER_PRODUCT;
        int threads = Parallelism.numThreads();
        // equal blocks, a multiple of the thread count, none larger than QUERY_BLOCK
        int rounds = (int) ((n + (long) threads * QUERY_BLOCK - 1) / ((long) threads * QUERY_BLOCK));
        int queryBlock = (int) ((n + (long) threads * rounds - 1) / ((long) threads * rounds));
        int blocks = (n + queryBlock - 1) / queryBlock;
        int tasks = Math.min(blocks, threads);
        int kk = (int) Math.min(2L * k, Math.max(k, ntotal));
        Parallelism.forEach(tasks, t -> {
            float[] ipBlock = new float[queryBlock * DB_BLOCK];
            float[] xNorms = new float[queryBlock];
            float[] candD = new float[queryBlock * kk];
            long[] candL = new long[queryBlock * kk];
            for (int b = t; b < blocks; b += tasks) {
                int q0 = b * queryBlock;
                int nq = Math.min(queryBlock, n - q0);
                for (int q = 0; q < nq; q++) {
                    ResultHeap.init(candD, candL, q * kk, kk);
                    if (!ip) {
                        int off = (q0 + q) * d;
                        xNorms[q] = VectorUtil.dotProduct(x, off, x, off, d);
                    }
                }
                for (int y0 = 0; y0 < ntotal; y0 += DB_BLOCK) {
                    int ny = Math.min(DB_BLOCK, ntotal - y0);
                    VectorUtil.dotProductBlock(x, q0 * d, nq, xb, y0 * d, ny, d, ipBlock);
                    for (int q = 0; q < nq; q++) {
                        int base = q * kk;
                        int row = q * ny;
                        float threshold = candD[base];
                        for (int j = 0; j < ny; j++) {
                            float dis = ip ? -ipBlock[row + j] : xNorms[q] + norms[y0 + j] - 2 * ipBlock[row + j];
                            if (dis < threshold) {
                                ResultHeap.push(candD, candL, base, kk, dis, y0 + j);
                                threshold = candD[base];
                            }
                        }
                    }
                }
                for (int q = 0; q < nq; q++) {
                    int out = (q0 + q) * k;
                    int xOff = (q0 + q) * d;
                    ResultHeap.init(distances, labels, out, k);
                    for (int c = q * kk; c < (q + 1) * kk; c++) {
                        long label = candL[c];
                        if (label >= 0) {
                            int yOff = (int) label * d;
                            float exact = ip
                                    ? -VectorUtil.dotProduct(x, xOff, xb, yOff, d)
                                    : VectorUtil.squareDistance(x, xOff, xb, yOff, d);
                            ResultHeap.push(distances, labels, out, k, exact, label);
                        }
                    }
                    ResultHeap.sort(distances, labels, out, k, ip);
                }
            }
        });
    }

    @Override
    public RangeSearchResult rangeSearch(int n, float[] x, float radius, SearchParameters params) {
        Checks.batch(n, x, d);
        IDSelector sel = params == null ? null : params.sel();
        boolean ip = metricType == MetricType.INNER_PRODUCT;
        return FlatScan.rangeSearch(n, ntotal, radius, sel, ip, SCAN_CHUNK, () -> chunks(x));
    }

    @Override
    public void reconstruct(long key, float[] recons) {
        if (key < 0 || key >= ntotal) {
            throw new IllegalArgumentException("key=" + key + " is outside 0.." + (ntotal - 1L));
        }
        Checks.length("recons", recons, d);
        System.arraycopy(xb, (int) key * d, recons, 0, d);
    }

    @Override
    public void reconstructN(long i0, int ni, float[] recons) {
        Checks.range("i0", i0, ni, ntotal);
        Checks.length("recons", recons, (long) ni * d);
        System.arraycopy(xb, (int) i0 * d, recons, 0, ni * d);
    }

    /** Removes the selected positions and renumbers the rest 0 .. ntotal-1 keeping their order. */
    @Override
    public long removeIds(IDSelector sel) {
        Objects.requireNonNull(sel, "sel is null");
        int kept = 0;
        for (int i = 0; i < ntotal; i++) {
            if (!sel.isMember(i)) {
                if (kept != i) {
                    System.arraycopy(xb, i * d, xb, kept * d, d);
                    if (metricType == MetricType.L2) {
                        norms[kept] = norms[i];
                    }
                }
                kept++;
            }
        }
        long removed = ntotal - kept;
        ntotal = kept;
        return removed;
    }

    @Override
    public void reset() {
        xb = new float[0];
        norms = new float[0];
        ntotal = 0;
    }

    /**
     * The stored vectors, row-major; only the first ntotal * d floats are meaningful. This is the
     * index's own array (FAISS: {@code get_xb()}): read it, do not modify it.
     */
    public float[] getXb() {
        return xb;
    }

    /** Bytes held by the stored vectors and cached norms. */
    public long ramBytesUsed() {
        return 4L * xb.length + 4L * norms.length;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(d=" + d + ", ntotal=" + ntotal + ", metricType=" + metricType + ")";
    }
}
