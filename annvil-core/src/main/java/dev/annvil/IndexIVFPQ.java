package dev.annvil;

import dev.annvil.impl.InvertedListScanner;
import dev.annvil.impl.PQCodePacker;
import dev.annvil.impl.ProductQuantizer;
import dev.annvil.impl.RangeQueryResult;
import dev.annvil.impl.ResultHeap;
import dev.annvil.invlists.InvertedLists;
import dev.annvil.simd.VectorUtil;

/**
 * IVF whose codes are {@link ProductQuantizer} codes of the residual x - c (c the centroid of x's
 * list), or of x itself when {@link #byResidual()} is false: ceil(M * nbits / 8) bytes per vector.
 * Factory string {@code "IVF{nlist},PQ{M}"} or {@code "IVF{nlist},PQ{M}x{nbits}"}.
 *
 * <p>Training: the coarse quantizer by k-means (see {@link IndexIVF#train}), then the product
 * quantizer on the residuals of the training set (k-means per sub-space with the PQ's own {@link
 * ProductQuantizer#cp()}: 25 iterations, at most 256 points per centroid, so at most 256 * 2^nbits
 * training residuals are used, as FAISS's {@code train_residual} subsamples to {@code
 * pq.cp.max_points_per_centroid * pq.ksub}), then the precomputed tables below.
 *
 * <p>Search computes per query a lookup table of M * 2^nbits entries and then costs M lookups per
 * scanned code (asymmetric distance computation); with nbits = 8 four codes are summed at once
 * ({@link ProductQuantizer#distancesFromTable}). Distances are to the decoded vectors c + r:
 * squared L2 ascending, or inner products descending; rows with fewer than k hits are padded with
 * label -1 and +/-Float.MAX_VALUE. For L2 by residual the distance per list is
 * <pre>
 *   ||x - c - r||^2 = ||x - c||^2 + (||r||^2 + 2 &lt;c, r&gt;) - 2 &lt;x, r&gt;
 *                     coarse dis     term 2 (no query)      term 3 (query table)
 * </pre>
 * {@link #usePrecomputedTable()} follows FAISS's {@code use_precomputed_table}: 0 (the default)
 * lets training decide, and training then builds the term-2 tables, nlist * M * 2^nbits floats,
 * and sets it to 1 when the metric of the coarse quantizer is L2, codes are by residual and the
 * tables fit in {@link #precomputedTableMaxBytes()} (2 GiB, FAISS's {@code
 * precomputed_table_max_bytes}); with value 1 a list costs M * 2^nbits additions instead of a
 * residual and a distance table (d * 2^nbits operations). -1 disables the tables. Inner product
 * never uses them: its distance is &lt;x, c&gt; + &lt;x, r&gt; with a per-query table.
 *
 * <p>Not implemented: polysemous filtering ({@link #polysemousHt()} stays 0, FAISS's default)
 * and the MultiIndexQuantizer tables (use_precomputed_table = 2).
 *
 * <p>Thread-safety: as {@link IndexIVF}; searches only read the tables built by training.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVFPQ.h">faiss/IndexIVFPQ.h</a>
 * @see <a href="https://doi.org/10.1109/TPAMI.2010.57">H. Jégou, M. Douze, C. Schmid, Product
 *     quantization for nearest neighbor search, IEEE TPAMI 33(1), 2011</a>
 */
public class IndexIVFPQ extends IndexIVF {
    /** FAISS's precomputed_table_max_bytes: 2 GiB. */
    public static final long DEFAULT_PRECOMPUTED_TABLE_MAX_BYTES = 1L << 31;

    /** Codes per table-lookup pass while scanning a list. */
    private static final int SCAN_CHUNK = 256;
    /** Vectors whose residuals are encoded at once during add (bounds the scratch). */
    private static final int ENCODE_CHUNK = 4096;

    private static volatile long precomputedTableMaxBytes = DEFAULT_PRECOMPUTED_TABLE_MAX_BYTES;

    private final ProductQuantizer pq;
    private int usePrecomputedTable;
    /** nlist * M * ksub floats of term 2, or null. */
    private float[] precomputedTable;

    private int scanTableThreshold;

    /**
     * An untrained IVFPQ index (FAISS sets is_trained = false whatever the quantizer holds: the
     * product quantizer always needs training).
     *
     * @param quantizer coarse quantizer of dimension d (e.g. {@code new IndexFlatL2(d)}), empty or
     *     already holding nlist centroids
     * @param d dimension; a multiple of M
     * @param nlist number of inverted lists
     * @param M number of sub-quantizers
     * @param nbits bits per sub-quantizer code, 1 .. 16 (8 is the fast path; FAISS 1.7.3 allows at
     *     most 8)
     * @param metricType L2 or inner product
     * @throws IllegalArgumentException if quantizer.d() != d, d % M != 0, or d, nlist, M or nbits
     *     is out of range
     */
    public IndexIVFPQ(Index quantizer, int d, int nlist, int M, int nbits, MetricType metricType) {
        super(quantizer, d, nlist, checkedCodeSize(d, M, nbits), metricType);
        this.pq = new ProductQuantizer(d, M, nbits);
        this.byResidual = true;
        this.isTrained = false;
    }

    /** An untrained squared-L2 IVFPQ index; see {@link #IndexIVFPQ(Index, int, int, int, int, MetricType)}. */
    public IndexIVFPQ(Index quantizer, int d, int nlist, int M, int nbits) {
        this(quantizer, d, nlist, M, nbits, MetricType.L2);
    }

    private static int checkedCodeSize(int d, int M, int nbits) {
        Checks.positive("M", M);
        if (nbits < 1 || nbits > 16) {
            throw new IllegalArgumentException("nbits=" + nbits + " is outside 1..16");
        }
        if (d > 0 && d % M != 0) {
            throw new IllegalArgumentException("d=" + d + " is not a multiple of M=" + M);
        }
        return PQCodePacker.codeSize(M, nbits);
    }

    /** The product quantizer (FAISS: {@code pq}); train the index rather than the quantizer. */
    public ProductQuantizer pq() {
        return pq;
    }

    // ----- training -----

    /**
     * Trains the coarse quantizer (unless it holds nlist centroids), the product quantizer on
     * residuals (or on the vectors when not by residual), then builds the precomputed tables
     * ({@link #precomputeTable}). See {@link IndexIVF#train(int, float[], ProgressListener)}.
     *
     * @throws IllegalArgumentException if n &lt; nlist, n &lt; 2^nbits or x is too short
     */
    @Override
    public void train(int n, float[] x, ProgressListener listener) {
        super.train(n, x, listener);
        precomputeTable();
    }

    @Override
    protected void trainEncoder(int n, float[] x, long[] assign, ProgressListener listener) {
        // train a scratch quantizer so that a cancellation leaves pq as it was
        ProductQuantizer scratch = new ProductQuantizer(d, pq.M(), pq.nbits());
        scratch.setCp(pq.cp());
        scratch.train(n, x, listener);
        pq.setCentroids(scratch.getCentroids());
    }

    @Override
    protected double encoderTrainingShare() {
        return 0.5;
    }

    /**
     * Marks the index trained or not, for readers that set the centroids of {@link #pq()} and of
     * the quantizer themselves; marking it trained rebuilds the precomputed tables (as FAISS's
     * reader does).
     */
    @Override
    public void setTrained(boolean trained) {
        this.isTrained = trained;
        if (trained) {
            precomputeTable();
        } else {
            precomputedTable = null;
        }
    }

    /**
     * Sets whether codes are residuals (FAISS: by_residual). Codes already stored would no longer
     * decode correctly, so only an empty index may change it; a trained one rebuilds its tables
     * (its product quantizer was trained for the other mode: retrain it).
     *
     * @throws IllegalStateException if the index holds vectors
     */
    public void setByResidual(boolean byResidual) {
        if (ntotal > 0) {
            throw new IllegalStateException("IndexIVFPQ holds " + ntotal + " vectors: reset() before setByResidual");
        }
        this.byResidual = byResidual;
        if (isTrained) {
            precomputeTable();
        }
    }

    /**
     * As {@link IndexIVF#checkCompatibleForMerge}, and the product quantizers must be equal (same
     * centroids), since codes of one are meaningless to the other.
     *
     * @throws IllegalArgumentException naming the first difference that forbids a merge
     */
    @Override
    public void checkCompatibleForMerge(IndexIVF other) {
        super.checkCompatibleForMerge(other);
        IndexIVFPQ o = (IndexIVFPQ) other;
        if (o.pq.M() != pq.M()
                || o.pq.nbits() != pq.nbits()
                || !java.util.Arrays.equals(o.pq.getCentroids(), pq.getCentroids())) {
            throw new IllegalArgumentException("IndexIVFPQ.mergeFrom: the product quantizers differ");
        }
    }

    // ----- precomputed tables -----

    /**
     * FAISS's use_precomputed_table: -1 never, 0 not in use (training chooses), 1 one table per
     * list. Kept as FAISS's integer because it is a FAISS search parameter ({@code
     * "use_precomputed_table"}).
     */
    public int usePrecomputedTable() {
        return usePrecomputedTable;
    }

    /**
     * Sets use_precomputed_table and applies it at once (FAISS needs a separate {@code
     * precompute_table()} call): -1 or 0 drop the tables (distance tables are then computed per
     * list; 0 lets the next training choose again), 1 builds them if the index is trained, even
     * above {@link #precomputedTableMaxBytes()} (as FAISS does for an explicit 1). Only L2 by
     * residual uses them.
     *
     * @throws IllegalArgumentException if value is not -1, 0 or 1 (2 needs a MultiIndexQuantizer,
     *     not implemented)
     */
    public void setUsePrecomputedTable(int value) {
        if (value < -1 || value > 1) {
            throw new IllegalArgumentException("usePrecomputedTable=" + value + " is not one of -1, 0, 1");
        }
        this.usePrecomputedTable = value;
        if (value == 1 && isTrained) {
            precomputeTable();
        } else if (value != 1) {
            precomputedTable = null;
        }
    }

    /** The precomputed tables, nlist * M * ksub floats ([list][m][k]), or null (read only). */
    public float[] precomputedTable() {
        return precomputedTable;
    }

    /** FAISS's global precomputed_table_max_bytes: the bound of automatically built tables. */
    public static long precomputedTableMaxBytes() {
        return precomputedTableMaxBytes;
    }

    /** Sets the bound of automatically built tables, for all indexes (FAISS: a global too). */
    public static void setPrecomputedTableMaxBytes(long bytes) {
        Checks.nonNegative("bytes", bytes);
        precomputedTableMaxBytes = bytes;
    }

    /**
     * Builds the term-2 tables as FAISS's precompute_table: with usePrecomputedTable = 0, only for
     * a coarse quantizer of metric L2 and codes by residual, and only when nlist * M * ksub * 4
     * bytes fit in {@link #precomputedTableMaxBytes()} (and in a Java array); it then sets
     * usePrecomputedTable to 1. With -1 the tables are dropped; with 1 they are always built.
     * Called by {@link #train}; call it after replacing the coarse centroids.
     *
     * @throws IllegalStateException if the coarse quantizer does not hold nlist centroids
     */
    public void precomputeTable() {
        if (usePrecomputedTable == -1) {
            precomputedTable = null;
            return;
        }
        long mk = (long) pq.M() * pq.ksub();
        long floats = mk * nlist;
        if (usePrecomputedTable == 0) {
            if (quantizer.metricType() != MetricType.L2 || !byResidual) {
                precomputedTable = null;
                return;
            }
            if (4 * floats > precomputedTableMaxBytes || floats > Integer.MAX_VALUE - 16) {
                precomputedTable = null;
                return;
            }
            usePrecomputedTable = 1;
        }
        if (quantizer.ntotal() != nlist) {
            throw new IllegalStateException(
                    "the coarse quantizer holds " + quantizer.ntotal() + " centroids, not nlist=" + nlist);
        }
        if (floats > Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("precomputed tables of " + floats + " floats exceed a Java array");
        }
        int ksub = pq.ksub();
        int dsub = pq.dsub();
        float[] cents = pq.getCentroids();
        float[] rNorms = new float[(int) mk];
        for (int m = 0; m < pq.M(); m++) {
            for (int k = 0; k < ksub; k++) {
                int off = (m * ksub + k) * dsub;
                rNorms[m * ksub + k] = VectorUtil.dotProduct(cents, off, cents, off, dsub);
            }
        }
        float[] table = new float[(int) floats];
        float[] centroid = new float[d];
        float[] ipTable = new float[(int) mk];
        for (int l = 0; l < nlist; l++) {
            IVFResiduals.centroid(quantizer, d, l, centroid);
            pq.computeInnerProdTable(centroid, 0, ipTable);
            int base = (int) (l * mk);
            for (int i = 0; i < mk; i++) {
                table[base + i] = rNorms[i] + 2 * ipTable[i];
            }
        }
        precomputedTable = table;
    }

    /** FAISS's scan_table_threshold (default 0); as in FAISS 1.7.3, no search reads it. */
    public int scanTableThreshold() {
        return scanTableThreshold;
    }

    public void setScanTableThreshold(int scanTableThreshold) {
        Checks.nonNegative("scanTableThreshold", scanTableThreshold);
        this.scanTableThreshold = scanTableThreshold;
    }

    /** FAISS's polysemous_ht: always 0 (no Hamming filtering; polysemous search is not implemented). */
    public int polysemousHt() {
        return 0;
    }

    // ----- codec -----

    @Override
    public void encodeVectors(int n, float[] x, int xOffset, long[] listNos, byte[] codes) {
        Checks.length("x", x, xOffset + (long) n * d);
        int cs = codeSize;
        if (!byResidual) {
            pq.computeCodes(n, x, xOffset, codes, 0);
            return;
        }
        int chunk = Math.min(n, ENCODE_CHUNK);
        float[] residuals = new float[chunk * d];
        float[] scratch = new float[d];
        for (int i0 = 0; i0 < n; i0 += chunk) {
            int m = Math.min(chunk, n - i0);
            IVFResiduals.compute(quantizer, d, m, x, xOffset + i0 * d, listNos, i0, residuals, scratch);
            pq.computeCodes(m, residuals, 0, codes, i0 * cs);
        }
    }

    /** Decodes entry {@code offset} of list {@code listNo}: centroid + decoded residual (or the decoded vector). */
    @Override
    public void reconstructFromOffset(int listNo, int offset, float[] recons, int reconsOffset) {
        int size = invlists.listSize(listNo);
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset=" + offset + " is outside list " + listNo + " of size " + size);
        }
        pq.decode(invlists.getCodes(listNo), offset * codeSize, recons, reconsOffset);
        if (byResidual) {
            float[] c = new float[d];
            IVFResiduals.centroid(quantizer, d, listNo, c);
            for (int j = 0; j < d; j++) {
                recons[reconsOffset + j] += c[j];
            }
        }
    }

    @Override
    protected InvertedListScanner getInvertedListScanner(IDSelector sel, SearchParameters params) {
        return new PQScanner(sel);
    }

    @Override
    public long ramBytesUsed() {
        return super.ramBytesUsed() + pq.ramBytesUsed() + (precomputedTable == null ? 0 : 4L * precomputedTable.length);
    }

    @Override
    public String toString() {
        return "IndexIVFPQ(d=" + d + ", nlist=" + nlist() + ", M=" + pq.M() + ", nbits=" + pq.nbits() + ", nprobe="
                + nprobe() + ", ntotal=" + ntotal + ", metricType=" + metricType + ", byResidual=" + byResidual
                + ", usePrecomputedTable=" + usePrecomputedTable + ")";
    }

    /**
     * FAISS's IVFPQScanner with precompute_mode 2: one lookup table per (query, list), dis0 added
     * to every code's sum of M lookups.
     */
    private final class PQScanner extends InvertedListScanner {
        private final boolean ip = metricType == MetricType.INNER_PRODUCT;
        private final float[] pre = precomputedTable;
        /** L2 by residual with the term-2 tables. */
        private final boolean usePre = !ip && byResidual && usePrecomputedTable == 1 && pre != null;

        private final int mk = pq.M() * pq.ksub();
        /** The table the codes are scanned with. */
        private final float[] simTable = new float[mk];
        /** The query's inner-product table (term 3), for the precomputed mode. */
        private final float[] simTable2 = usePre ? new float[mk] : null;

        private final float[] vec = new float[d];
        private final float[] buf = new float[SCAN_CHUNK];
        private float[] query;
        private int queryOffset;
        private float dis0;

        PQScanner(IDSelector sel) {
            super(IndexIVFPQ.this.codeSize, IndexIVFPQ.this.metricType == MetricType.INNER_PRODUCT, sel);
        }

        @Override
        public void setQuery(float[] x, int offset) {
            query = x;
            queryOffset = offset;
            if (ip) {
                pq.computeInnerProdTable(x, offset, simTable);
            } else if (!byResidual) {
                pq.computeDistanceTable(x, offset, simTable);
            } else if (usePre) {
                pq.computeInnerProdTable(x, offset, simTable2);
            }
        }

        @Override
        public void setList(int listNo, float coarseDis) {
            super.setList(listNo, coarseDis);
            if (!byResidual) {
                dis0 = 0;
            } else if (ip) {
                IVFResiduals.centroid(quantizer, d, listNo, vec);
                dis0 = VectorUtil.dotProduct(query, queryOffset, vec, 0, d);
            } else if (usePre) {
                dis0 = coarseDis;
                int base = listNo * mk;
                float[] t = simTable;
                float[] q = simTable2;
                for (int i = 0; i < mk; i++) {
                    t[i] = pre[base + i] - 2 * q[i];
                }
            } else {
                IVFResiduals.centroid(quantizer, d, listNo, vec);
                for (int j = 0; j < d; j++) {
                    vec[j] = query[queryOffset + j] - vec[j];
                }
                pq.computeDistanceTable(vec, 0, simTable);
                dis0 = 0;
            }
        }

        @Override
        public float distanceToCode(byte[] codes, int offset) {
            return dis0 + pq.distanceFromTable(simTable, codes, offset);
        }

        @Override
        public int scanCodes(InvertedLists il, int n, float[] heapDis, long[] heapIds, int base, int k) {
            byte[] codes = il.getCodes(listNo);
            long[] ids = il.getIds(listNo);
            int updates = 0;
            for (int start = 0; start < n; start += SCAN_CHUNK) {
                int m = Math.min(SCAN_CHUNK, n - start);
                pq.distancesFromTable(simTable, codes, start * codeSize, m, buf, 0);
                for (int j = 0; j < m; j++) {
                    float dis = dis0 + buf[j];
                    float h = keepMax ? -dis : dis;
                    if (h < heapDis[base] && (sel == null || sel.isMember(ids[start + j]))) {
                        ResultHeap.push(heapDis, heapIds, base, k, h, ids[start + j]);
                        updates++;
                    }
                }
            }
            return updates;
        }

        @Override
        public void scanCodesRange(InvertedLists il, int n, float radius, RangeQueryResult out) {
            byte[] codes = il.getCodes(listNo);
            long[] ids = il.getIds(listNo);
            for (int start = 0; start < n; start += SCAN_CHUNK) {
                int m = Math.min(SCAN_CHUNK, n - start);
                pq.distancesFromTable(simTable, codes, start * codeSize, m, buf, 0);
                for (int j = 0; j < m; j++) {
                    float dis = dis0 + buf[j];
                    if ((keepMax ? dis > radius : dis < radius) && (sel == null || sel.isMember(ids[start + j]))) {
                        out.add(dis, ids[start + j]);
                    }
                }
            }
        }
    }
}
