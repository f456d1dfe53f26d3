package dev.annvil.impl;

import dev.annvil.IndexFlat;
import dev.annvil.MetricType;
import dev.annvil.simd.VectorUtil;

/**
 * {@link DistanceComputer} over an {@link IndexFlat}'s uncompressed vectors, through {@link
 * VectorUtil}: squared L2 for {@link MetricType#L2}, negated inner product for {@link
 * MetricType#INNER_PRODUCT} (so that smaller is nearer for both).
 *
 * <p>Not thread-safe: one per thread; reads the storage array as it was at construction.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexFlat.cpp">faiss FlatL2Dis / FlatIPDis</a>
 */
public abstract sealed class FlatDistanceComputer extends DistanceComputer {
    final float[] xb;
    final int d;
    float[] q;
    int qOff;

    private FlatDistanceComputer(float[] xb, int d) {
        this.xb = xb;
        this.d = d;
    }

    /** A computer over the current vectors of {@code storage}. */
    public static FlatDistanceComputer of(IndexFlat storage) {
        return storage.metricType() == MetricType.L2
                ? new L2(storage.getXb(), storage.d())
                : new InnerProduct(storage.getXb(), storage.d());
    }

    @Override
    public final void setQuery(float[] x, int offset) {
        q = x;
        qOff = offset;
    }

    static final class L2 extends FlatDistanceComputer {
        L2(float[] xb, int d) {
            super(xb, d);
        }

        @Override
        public float distance(int i) {
            return VectorUtil.squareDistance(q, qOff, xb, i * d, d);
        }

        @Override
        public void distances(int[] ids, int n, float[] out) {
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                VectorUtil.squareDistance4(
                        q, qOff, xb, ids[i] * d, ids[i + 1] * d, ids[i + 2] * d, ids[i + 3] * d, d, out, i);
            }
            for (; i < n; i++) {
                out[i] = VectorUtil.squareDistance(q, qOff, xb, ids[i] * d, d);
            }
        }

        @Override
        public float symmetricDis(int i, int j) {
            return VectorUtil.squareDistance(xb, i * d, xb, j * d, d);
        }
    }

    static final class InnerProduct extends FlatDistanceComputer {
        InnerProduct(float[] xb, int d) {
            super(xb, d);
        }

        @Override
        public float distance(int i) {
            return -VectorUtil.dotProduct(q, qOff, xb, i * d, d);
        }

        @Override
        public void distances(int[] ids, int n, float[] out) {
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                VectorUtil.dotProduct4(
                        q, qOff, xb, ids[i] * d, ids[i + 1] * d, ids[i + 2] * d, ids[i + 3] * d, d, out, i);
                out[i] = -out[i];
                out[i + 1] = -out[i + 1];
                out[i + 2] = -out[i + 2];
                out[i + 3] = -out[i + 3];
            }
            for (; i < n; i++) {
                out[i] = -VectorUtil.dotProduct(q, qOff, xb, ids[i] * d, d);
            }
        }

        @Override
        public float symmetricDis(int i, int j) {
            return -VectorUtil.dotProduct(xb, i * d, xb, j * d, d);
        }
    }
}
