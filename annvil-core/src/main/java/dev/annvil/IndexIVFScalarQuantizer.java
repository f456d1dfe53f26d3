package dev.annvil;

import dev.annvil.impl.InvertedListScanner;
import dev.annvil.impl.RangeQueryResult;
import dev.annvil.impl.ResultHeap;
import dev.annvil.impl.SQDistanceComputer;
import dev.annvil.impl.ScalarQuantizer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.invlists.InvertedLists;
import dev.annvil.simd.VectorUtil;
import java.util.Objects;

/**
 * IVF whose codes are {@link ScalarQuantizer} codes of the residual x - c (c the centroid of x's
 * list; FAISS's default) or of x itself: d bytes per vector for the 8-bit types, d / 2 for 4-bit,
 * 2 * d for fp16 and bf16. Factory string {@code "IVF{nlist},SQ8"} (also {@code SQ4}, {@code
 * SQfp16}, ...; {@code byResidual} is true for all of them).
 *
 * <p>Training: the coarse quantizer by k-means (see {@link IndexIVF#train}), then the scalar
 * quantizer's ranges on the residuals of the training set, subsampled to 100,000 vectors as FAISS's
 * {@code ScalarQuantizer::train_residual} does (seed 1234; the permutation is Annvil's, so the
 * sample differs from FAISS's). FAISS marks the index untrained at construction whatever the
 * quantizer holds, even for the types that learn nothing (fp16): so does this class.
 *
 * <p>Search compares the query with the decoded codes through an {@link SQDistanceComputer}: for
 * L2 by residual the computer gets the query residual x - c once per visited list; for inner
 * product the distance is &lt;x, c&gt; + &lt;x, decoded residual&gt;. Distances are squared L2
 * ascending or inner products descending, to the decoded vectors; rows with fewer than k hits
 * are padded with label -1 and +/-Float.MAX_VALUE.
 *
 * <p>Thread-safety: as {@link IndexIVF}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexScalarQuantizer.h">faiss/IndexScalarQuantizer.h (IndexIVFScalarQuantizer)</a>
 */
public class IndexIVFScalarQuantizer extends IndexIVF {
    /** FAISS trains the scalar quantizer on at most this many (residual) vectors. */
    static final int MAX_TRAIN = 100_000;

    private static final int SCAN_CHUNK = 256;
    private static final int ENCODE_CHUNK = 4096;

    private final ScalarQuantizer sq;

    /**
     * An untrained IVF scalar-quantizer index.
     *
     * @param quantizer coarse quantizer of dimension d (e.g. {@code new IndexFlatL2(d)}), empty or
     *     already holding nlist centroids
     * @param d dimension
     * @param nlist number of inverted lists
     * @param qtype scalar quantizer type
     * @param metricType L2 or inner product
     * @param byResidual encode x - centroid (FAISS's default: true) or x
     * @throws IllegalArgumentException if quantizer.d() != d, or d or nlist &lt; 1
     */
    public IndexIVFScalarQuantizer(
            Index quantizer, int d, int nlist, QuantizerType qtype, MetricType metricType, boolean byResidual) {
        super(quantizer, d, nlist, new ScalarQuantizer(Math.max(1, d), qtype).codeSize(), metricType);
        this.sq = new ScalarQuantizer(d, Objects.requireNonNull(qtype, "qtype is null"));
        this.byResidual = byResidual;
        this.isTrained = false;
    }

    /** As {@link #IndexIVFScalarQuantizer(Index, int, int, QuantizerType, MetricType, boolean)} by residual. */
    public IndexIVFScalarQuantizer(Index quantizer, int d, int nlist, QuantizerType qtype, MetricType metricType) {
        this(quantizer, d, nlist, qtype, metricType, true);
    }

    /** The scalar quantizer (FAISS: {@code sq}); train the index rather than the quantizer. */
    public ScalarQuantizer sq() {
        return sq;
    }

    /** Marks the index trained or not (for readers that set the quantizer's centroids and {@link #sq()} themselves). */
    @Override
    public void setTrained(boolean trained) {
        this.isTrained = trained;
    }

    /**
     * As {@link IndexIVF#checkCompatibleForMerge}, and the scalar quantizers must be equal (same
     * type and trained ranges), since codes of one are meaningless to the other.
     *
     * @throws IllegalArgumentException naming the first difference that forbids a merge
     */
    @Override
    public void checkCompatibleForMerge(IndexIVF other) {
        super.checkCompatibleForMerge(other);
        IndexIVFScalarQuantizer o = (IndexIVFScalarQuantizer) other;
        if (o.sq.qtype() != sq.qtype() || !java.util.Arrays.equals(o.sq.getTrained(), sq.getTrained())) {
            throw new IllegalArgumentException("IndexIVFScalarQuantizer.mergeFrom: the scalar quantizers differ");
        }
    }

    @Override
    protected void trainEncoder(int n, float[] x, long[] assign, ProgressListener listener) {
        float[] sample = x;
        int ns = n;
        if (n > MAX_TRAIN) {
            int[] perm = Clustering.permutation(n, 1234);
            ns = MAX_TRAIN;
            sample = new float[ns * d];
            for (int i = 0; i < ns; i++) {
                System.arraycopy(x, perm[i] * d, sample, i * d, d);
            }
        }
        // train a scratch quantizer so that a failure leaves sq as it was
        ScalarQuantizer scratch = new ScalarQuantizer(d, sq.qtype());
        scratch.setRangestat(sq.rangestat());
        scratch.setRangestatArg(sq.rangestatArg());
        scratch.train(ns, sample);
        listener.progress("SQ training", 1);
        sq.setTrained(scratch.getTrained());
    }

    @Override
    public void encodeVectors(int n, float[] x, int xOffset, long[] listNos, byte[] codes) {
        Checks.length("x", x, xOffset + (long) n * d);
        if (!byResidual) {
            sq.computeCodes(n, x, xOffset, codes, 0);
            return;
        }
        int chunk = Math.min(n, ENCODE_CHUNK);
        float[] residuals = new float[chunk * d];
        float[] scratch = new float[d];
        for (int i0 = 0; i0 < n; i0 += chunk) {
            int m = Math.min(chunk, n - i0);
            IVFResiduals.compute(quantizer, d, m, x, xOffset + i0 * d, listNos, i0, residuals, scratch);
            sq.computeCodes(m, residuals, 0, codes, i0 * codeSize);
        }
    }

    /** Decodes entry {@code offset} of list {@code listNo}: centroid + decoded residual (or the decoded vector). */
    @Override
    public void reconstructFromOffset(int listNo, int offset, float[] recons, int reconsOffset) {
        int size = invlists.listSize(listNo);
        if (offset < 0 || offset >= size) {
            throw new IllegalArgumentException("offset=" + offset + " is outside list " + listNo + " of size " + size);
        }
        sq.decode(invlists.getCodes(listNo), offset * codeSize, recons, reconsOffset);
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
        return new SQScanner(sel);
    }

    @Override
    public long ramBytesUsed() {
        return super.ramBytesUsed() + sq.ramBytesUsed();
    }

    @Override
    public String toString() {
        return "IndexIVFScalarQuantizer(d=" + d + ", nlist=" + nlist() + ", qtype=" + sq.qtype() + ", nprobe="
                + nprobe() + ", ntotal=" + ntotal + ", metricType=" + metricType + ", byResidual=" + byResidual + ")";
    }

    /** FAISS's IVFSQScannerL2 / IVFSQScannerIP. */
    private final class SQScanner extends InvertedListScanner {
        private final SQDistanceComputer dc = sq.distanceComputer(metricType);
        private final float[] vec = new float[d];
        private final float[] buf = new float[SCAN_CHUNK];
        private float[] query;
        private int queryOffset;
        private float dis0;

        SQScanner(IDSelector sel) {
            super(
                    IndexIVFScalarQuantizer.this.codeSize,
                    IndexIVFScalarQuantizer.this.metricType == MetricType.INNER_PRODUCT,
                    sel);
        }

        @Override
        public void setQuery(float[] x, int offset) {
            query = x;
            queryOffset = offset;
            if (!byResidual || keepMax) {
                dc.setQuery(x, offset);
            }
        }

        @Override
        public void setList(int listNo, float coarseDis) {
            super.setList(listNo, coarseDis);
            if (!byResidual) {
                dis0 = 0;
                return;
            }
            IVFResiduals.centroid(quantizer, d, listNo, vec);
            if (keepMax) {
                dis0 = VectorUtil.dotProduct(query, queryOffset, vec, 0, d);
            } else {
                for (int j = 0; j < d; j++) {
                    vec[j] = query[queryOffset + j] - vec[j];
                }
                dc.setQuery(vec, 0);
                dis0 = 0;
            }
        }

        @Override
        public float distanceToCode(byte[] codes, int offset) {
            return dis0 + dc.distanceToCode(codes, offset);
        }

        @Override
        public int scanCodes(InvertedLists il, int n, float[] heapDis, long[] heapIds, int base, int k) {
            byte[] codes = il.getCodes(listNo);
            long[] ids = il.getIds(listNo);
            int updates = 0;
            for (int start = 0; start < n; start += SCAN_CHUNK) {
                int m = Math.min(SCAN_CHUNK, n - start);
                dc.distancesToCodes(codes, start * codeSize, m, buf, 0);
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
                dc.distancesToCodes(codes, start * codeSize, m, buf, 0);
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
