package dev.annvil.impl;

import dev.annvil.IndexFlatCodes;
import dev.annvil.MetricType;
import dev.annvil.simd.VectorUtil;
import java.util.Objects;

/**
 * {@link DistanceComputer} over the codes of an {@link IndexFlatCodes} storage ({@code
 * IndexScalarQuantizer}, {@code IndexPQ}): query-to-code distances come from the storage's {@link
 * FlatCodesDistanceComputer} (distances to the decoded vectors, through the quantizer's lookup
 * tables or byte kernels), as FAISS's IndexHNSWSQ / IndexHNSWPQ do. Squared L2 as is; inner
 * product negated, so that smaller is nearer (FAISS: NegativeDistanceComputer).
 *
 * <p>{@link #symmetricDis} decodes both codes and compares the decoded vectors under the index's
 * metric (FAISS's SQ computer does the same; its PQ computer reads the SDC table of centroid-to-
 * centroid squared L2 distances, which equals this for L2). The last decoded vector of each
 * argument position is cached, since the graph builder asks for one node against many.
 *
 * <p>Not thread-safe: one per thread; reads the storage's code array as it was at construction.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/DistanceComputer.h">faiss FlatCodesDistanceComputer</a>
 */
public final class CodesDistanceComputer extends DistanceComputer {
    private final IndexFlatCodes storage;
    private final FlatCodesDistanceComputer dc;
    private final byte[] codes;
    private final int codeSize;
    private final boolean ip;
    private final float[] a;
    private final float[] b;
    private long aId = -1;
    private long bId = -1;

    /** A computer over the current codes of {@code storage}, which must be trained. */
    public CodesDistanceComputer(IndexFlatCodes storage) {
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.dc = storage.getFlatCodesDistanceComputer();
        this.codes = storage.getCodes();
        this.codeSize = storage.codeSize();
        this.ip = storage.metricType() == MetricType.INNER_PRODUCT;
        this.a = new float[storage.d()];
        this.b = new float[storage.d()];
    }

    @Override
    public void setQuery(float[] x, int offset) {
        dc.setQuery(x, offset);
    }

    @Override
    public float distance(int i) {
        float v = dc.distanceToCode(codes, i * codeSize);
        return ip ? -v : v;
    }

    @Override
    public void distances(int[] ids, int n, float[] out) {
        for (int i = 0; i < n; i++) {
            float v = dc.distanceToCode(codes, ids[i] * codeSize);
            out[i] = ip ? -v : v;
        }
    }

    @Override
    public float symmetricDis(int i, int j) {
        if (aId != i) {
            storage.saDecode(1, codes, i * codeSize, a);
            aId = i;
        }
        if (bId != j) {
            storage.saDecode(1, codes, j * codeSize, b);
            bId = j;
        }
        int d = a.length;
        return ip ? -VectorUtil.dotProduct(a, 0, b, 0, d) : VectorUtil.squareDistance(a, 0, b, 0, d);
    }
}
