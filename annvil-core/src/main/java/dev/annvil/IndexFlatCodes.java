package dev.annvil;

import dev.annvil.impl.FlatCodesDistanceComputer;
import dev.annvil.impl.ResultHeap;
import java.util.Arrays;
import java.util.Objects;

/**
 * An index that stores every vector as a code of {@link #codeSize()} bytes, in insertion order,
 * and searches by comparing each query with all codes through a {@link FlatCodesDistanceComputer}
 * (FAISS's IndexFlatCodes: the base of {@link IndexPQ} and {@link IndexScalarQuantizer}).
 *
 * <p>Labels are positions 0 .. ntotal-1. Codes are one {@code byte[]} of ntotal * codeSize bytes,
 * so that product is limited to about 2^31 (2 GiB). Search of a batch runs one query per task on
 * {@link Parallelism}; a single query over a large index is split across threads by code range.
 * Distances reported are the computer's: to the decoded vectors (squared L2, or inner product
 * largest first), not to the original ones.
 *
 * <p>Thread-safety: searches, range searches and reconstructions may run concurrently;
 * train/add/removeIds/reset need exclusive access.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexFlatCodes.h">faiss/IndexFlatCodes.h</a>
 */
public abstract class IndexFlatCodes implements Index {
    private static final long MAX_BYTES = Integer.MAX_VALUE - 16;
    /** Codes per chunk of a scan: the distance buffer stays in L1. */
    private static final int SCAN_CHUNK = 1024;
    /** Above this many code bytes, batches are searched in blocks of queries per chunk of codes. */
    private static final long L2_BYTES = 1L << 20;
    /** Queries per block when codes exceed {@link #L2_BYTES}. */
    private static final int QUERY_BLOCK = 8;
    /** Bytes of codes per chunk in blocked search: fits in L2 with room for the tables. */
    private static final int CHUNK_BYTES = 1 << 16;
    /** A single query is split across threads above this many code bytes. */
    private static final long PARALLEL_SCAN_BYTES = 1L << 20;

    protected final int d;
    protected final MetricType metricType;
    private byte[] codes = new byte[0];
    private int ntotal;

    protected IndexFlatCodes(int d, MetricType metricType) {
        Checks.positive("d", d);
        this.d = d;
        this.metricType = Objects.requireNonNull(metricType, "metricType is null");
    }

    /** Bytes per stored vector (FAISS: code_size, sa_code_size()). */
    public abstract int codeSize();

    /**
     * Encodes n vectors (FAISS: sa_encode).
     *
     * @param x n * d floats, row-major
     * @param bytes receives n * codeSize bytes from bytesOffset
     * @throws IllegalStateException if the index is not trained
     */
    public abstract void saEncode(int n, float[] x, byte[] bytes, int bytesOffset);

    /**
     * Decodes n codes (FAISS: sa_decode).
     *
     * @param bytes n * codeSize bytes from bytesOffset
     * @param x receives n * d floats, row-major
     */
    public abstract void saDecode(int n, byte[] bytes, int bytesOffset, float[] x);

    /** A new distance computer for this index's codes and metric; one per thread. */
    public abstract FlatCodesDistanceComputer getFlatCodesDistanceComputer();

    @Override
    public int d() {
        return d;
    }

    @Override
    public long ntotal() {
        return ntotal;
    }

    @Override
    public MetricType metricType() {
        return metricType;
    }

    @Override
    public void add(int n, float[] x) {
        Checks.batch(n, x, d);
        if (!isTrained()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not trained: call train first");
        }
        int cs = codeSize();
        long needed = ((long) ntotal + n) * cs;
        if (needed > MAX_BYTES) {
            throw new IllegalStateException(getClass().getSimpleName() + ": cannot hold " + (ntotal + (long) n)
                    + " codes of " + cs + " bytes (more than " + MAX_BYTES + " bytes)");
        }
        if (needed > codes.length) {
            long grown = Math.max(needed, Math.min(MAX_BYTES, (long) codes.length * 3 / 2 + 16L * cs));
            codes = Arrays.copyOf(codes, (int) grown);
        }
        saEncode(n, x, codes, ntotal * cs);
        ntotal += n;
    }

    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        Checks.batch(n, x, d);
        Checks.positive("k", k);
        Checks.length("distances", distances, (long) n * k);
        Checks.length("labels", labels, (long) n * k);
        if (!isTrained()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not trained: call train first");
        }
        IDSelector sel = params == null ? null : params.sel();
        boolean ip = metricType == MetricType.INNER_PRODUCT;
        if (n == 1 && (long) ntotal * codeSize() > PARALLEL_SCAN_BYTES && Parallelism.numThreads() > 1) {
            FlatScan.searchOneSplit(ntotal, k, distances, labels, sel, ip, SCAN_CHUNK, () -> chunks(x));
            return;
        }
        int threads = Parallelism.numThreads();
        int cs = codeSize();
        // Codes beyond the L2 cache: each chunk of codes serves a block of queries while cached,
        // instead of streaming all codes from memory once per query.
        int qb = (long) ntotal * cs > L2_BYTES ? (int) Math.min(QUERY_BLOCK, (n + threads - 1) / threads) : 1;
        int chunk = qb == 1 ? SCAN_CHUNK : Math.max(16, Math.min(SCAN_CHUNK, CHUNK_BYTES / cs));
        int blocks = (n + qb - 1) / qb;
        int tasks = Math.min(blocks, threads);
        Parallelism.forEach(tasks, t -> {
            FlatScan.Chunks[] scans = new FlatScan.Chunks[qb];
            for (int j = 0; j < qb; j++) {
                scans[j] = chunks(x);
            }
            float[] buf = new float[chunk];
            for (int b = t; b < blocks; b += tasks) {
                int q0 = b * qb;
                int nq = Math.min(qb, n - q0);
                for (int j = 0; j < nq; j++) {
                    ResultHeap.init(distances, labels, (q0 + j) * k, k);
                    scans[j].setQuery(q0 + j);
                }
                for (int start = 0; start < ntotal; start += chunk) {
                    int end = Math.min(ntotal, start + chunk);
                    for (int j = 0; j < nq; j++) {
                        FlatScan.scan(scans[j], start, end, k, distances, labels, (q0 + j) * k, sel, buf, ip);
                    }
                }
                for (int j = 0; j < nq; j++) {
                    ResultHeap.sort(distances, labels, (q0 + j) * k, k, ip);
                }
            }
        });
    }

    /** Distances of the queries x to the stored codes, through a new distance computer. */
    private FlatScan.Chunks chunks(float[] x) {
        FlatCodesDistanceComputer dc = getFlatCodesDistanceComputer();
        byte[] c = codes;
        int cs = codeSize();
        return new FlatScan.Chunks() {
            @Override
            public void setQuery(int q) {
                dc.setQuery(x, q * d);
            }

            @Override
            public void distances(int start, int m, float[] out) {
                dc.distancesToCodes(c, start * cs, m, out, 0);
            }
        };
    }

    /** Codes whose distance is below radius (L2) or above it (inner product), in storage order. */
    @Override
    public RangeSearchResult rangeSearch(int n, float[] x, float radius, SearchParameters params) {
        Checks.batch(n, x, d);
        if (!isTrained()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not trained: call train first");
        }
        IDSelector sel = params == null ? null : params.sel();
        boolean ip = metricType == MetricType.INNER_PRODUCT;
        return FlatScan.rangeSearch(n, ntotal, radius, sel, ip, SCAN_CHUNK, () -> chunks(x));
    }

    /** The decoded code of position key (an approximation of the vector added). */
    @Override
    public void reconstruct(long key, float[] recons) {
        if (key < 0 || key >= ntotal) {
            throw new IllegalArgumentException("key=" + key + " is outside 0.." + (ntotal - 1L));
        }
        Checks.length("recons", recons, d);
        saDecode(1, codes, (int) key * codeSize(), recons);
    }

    @Override
    public void reconstructN(long i0, int ni, float[] recons) {
        Checks.range("i0", i0, ni, ntotal);
        Checks.length("recons", recons, (long) ni * d);
        saDecode(ni, codes, (int) i0 * codeSize(), recons);
    }

    /** Removes the selected positions and renumbers the rest 0 .. ntotal-1 keeping their order. */
    @Override
    public long removeIds(IDSelector sel) {
        Objects.requireNonNull(sel, "sel is null");
        int cs = codeSize();
        int kept = 0;
        for (int i = 0; i < ntotal; i++) {
            if (!sel.isMember(i)) {
                if (kept != i) {
                    System.arraycopy(codes, i * cs, codes, kept * cs, cs);
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
        codes = new byte[0];
        ntotal = 0;
    }

    /**
     * The stored codes, ntotal * codeSize meaningful bytes (FAISS: {@code codes}). This is the
     * index's own array: read it, do not modify it.
     */
    public byte[] getCodes() {
        return codes;
    }

    /**
     * Replaces the stored codes (when loading a file): ntotal = bytes.length / codeSize.
     *
     * @throws IllegalArgumentException if bytes.length is not a multiple of codeSize
     */
    public void setCodes(byte[] bytes) {
        int cs = codeSize();
        if (bytes.length % cs != 0) {
            throw new IllegalArgumentException("codes.length=" + bytes.length + " is not a multiple of codeSize=" + cs);
        }
        codes = bytes.clone();
        ntotal = bytes.length / cs;
    }

    /** Bytes held by the codes (capacity included); subclasses add their quantizer's. */
    public long ramBytesUsed() {
        return codes.length + 16L;
    }
}
