package dev.annvil;

import dev.annvil.impl.Float32Codes;
import dev.annvil.impl.InvertedListScanner;
import dev.annvil.impl.RangeQueryResult;
import dev.annvil.impl.ResultHeap;
import dev.annvil.invlists.FloatArrayInvertedLists;
import dev.annvil.invlists.InvertedLists;
import dev.annvil.simd.VectorUtil;

/**
 * IVF whose codes are the raw vectors (4 * d bytes each, not by residual): distances to the
 * vectors of the visited lists are exact, so recall is limited only by nprobe. Factory string
 * {@code "IVF{nlist},Flat"}.
 *
 * <p>By default the lists are {@link FloatArrayInvertedLists}, scanned in place through {@link
 * VectorUtil}'s batch kernels; any other {@link InvertedLists} of codeSize 4 * d (FAISS's byte
 * layout, e.g. after {@link #replaceInvlists}) works too, decoded in blocks into per-thread
 * scratch.
 *
 * <p>Shapes, units, padding and thread-safety: as {@link IndexIVF}.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexIVFFlat.h">faiss/IndexIVFFlat.h</a>
 * @see <a href="https://doi.org/10.1109/TPAMI.2010.57">H. Jégou, M. Douze, C. Schmid, Product
 *     quantization for nearest neighbor search, IEEE TPAMI 2011</a>
 */
public class IndexIVFFlat extends IndexIVF {
    /** Vectors per distance-kernel call while scanning a list. */
    private static final int SCAN_CHUNK = 256;

    /**
     * An untrained (unless the quantizer already holds nlist centroids) IVFFlat index.
     *
     * @param quantizer coarse quantizer of dimension d, e.g. {@code new IndexFlatL2(d)}
     * @param d dimension
     * @param nlist number of inverted lists
     * @param metricType L2 or inner product
     * @throws IllegalArgumentException if quantizer.d() != d, or d or nlist &lt; 1
     */
    public IndexIVFFlat(Index quantizer, int d, int nlist, MetricType metricType) {
        super(quantizer, d, nlist, Math.multiplyExact(4, d), metricType, new FloatArrayInvertedLists(nlist, d));
        this.byResidual = false;
    }

    /** An L2 IVFFlat index. */
    public IndexIVFFlat(Index quantizer, int d, int nlist) {
        this(quantizer, d, nlist, MetricType.L2);
    }

    @Override
    public void encodeVectors(int n, float[] x, int xOffset, long[] listNos, byte[] codes) {
        Checks.length("x", x, xOffset + (long) n * d);
        Float32Codes.encode(x, xOffset, codes, 0, n * d);
    }

    @Override
    public void reconstructFromOffset(int listNo, int offset, float[] recons, int reconsOffset) {
        if (invlists instanceof FloatArrayInvertedLists f) {
            if (offset < 0 || offset >= f.listSize(listNo)) {
                throw new IllegalArgumentException(
                        "offset=" + offset + " is outside list " + listNo + " of size " + f.listSize(listNo));
            }
            System.arraycopy(f.getFloats(listNo), offset * d, recons, reconsOffset, d);
        } else {
            Float32Codes.decode(invlists.getSingleCode(listNo, offset), 0, recons, reconsOffset, d);
        }
    }

    @Override
    protected InvertedListScanner getInvertedListScanner(IDSelector sel, SearchParameters params) {
        return new FlatScanner(d, metricType == MetricType.INNER_PRODUCT, sel);
    }

    /** Exact distances to float vectors, SCAN_CHUNK at a time. */
    private static final class FlatScanner extends InvertedListScanner {
        private final int d;
        private final float[] buf = new float[SCAN_CHUNK];
        private float[] decoded;
        private float[] query;
        private int queryOffset;

        FlatScanner(int d, boolean keepMax, IDSelector sel) {
            super(4 * d, keepMax, sel);
            this.d = d;
        }

        @Override
        public void setQuery(float[] x, int offset) {
            this.query = x;
            this.queryOffset = offset;
        }

        @Override
        public float distanceToCode(byte[] codes, int offset) {
            if (decoded == null) {
                decoded = new float[SCAN_CHUNK * d];
            }
            Float32Codes.decode(codes, offset, decoded, 0, d);
            return keepMax
                    ? VectorUtil.dotProduct(query, queryOffset, decoded, 0, d)
                    : VectorUtil.squareDistance(query, queryOffset, decoded, 0, d);
        }

        /** The current list's floats, or null when its codes must be decoded from bytes. */
        private float[] floats(InvertedLists il) {
            return il instanceof FloatArrayInvertedLists f ? f.getFloats(listNo) : null;
        }

        /** The current list's byte codes when it has no float view. */
        private byte[] bytes(InvertedLists il, float[] floats) {
            return floats == null ? il.getCodes(listNo) : null;
        }

        /** Distances of entries [start, start + m) of the current list into buf. */
        private void distances(float[] floats, byte[] codes, int start, int m) {
            float[] y;
            int yOffset;
            if (floats != null) {
                y = floats;
                yOffset = start * d;
            } else {
                if (decoded == null) {
                    decoded = new float[SCAN_CHUNK * d];
                }
                Float32Codes.decode(codes, start * codeSize, decoded, 0, m * d);
                y = decoded;
                yOffset = 0;
            }
            if (keepMax) {
                VectorUtil.dotProductBatch(query, queryOffset, y, yOffset, m, d, buf, 0);
            } else {
                VectorUtil.squareDistanceBatch(query, queryOffset, y, yOffset, m, d, buf, 0);
            }
        }

        @Override
        public int scanCodes(InvertedLists il, int n, float[] heapDis, long[] heapIds, int base, int k) {
            long[] ids = il.getIds(listNo);
            float[] floats = floats(il);
            byte[] codes = bytes(il, floats);
            int updates = 0;
            for (int start = 0; start < n; start += SCAN_CHUNK) {
                int m = Math.min(SCAN_CHUNK, n - start);
                distances(floats, codes, start, m);
                for (int j = 0; j < m; j++) {
                    float h = keepMax ? -buf[j] : buf[j];
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
            long[] ids = il.getIds(listNo);
            float[] floats = floats(il);
            byte[] codes = bytes(il, floats);
            for (int start = 0; start < n; start += SCAN_CHUNK) {
                int m = Math.min(SCAN_CHUNK, n - start);
                distances(floats, codes, start, m);
                for (int j = 0; j < m; j++) {
                    float dis = buf[j];
                    if ((keepMax ? dis > radius : dis < radius) && (sel == null || sel.isMember(ids[start + j]))) {
                        out.add(dis, ids[start + j]);
                    }
                }
            }
        }
    }
}
