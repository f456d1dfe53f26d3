package dev.annvil.impl;

import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.simd.VectorUtil;
import java.util.Objects;

/**
 * Distances of one query to scalar-quantizer codes, computed against the decoded vectors.
 *
 * <p>The 8-bit types decode component j as a_j + b_j * c_j (c_j the stored byte; for QT_8bit
 * b_j = vdiff_j / 255 and a_j = vmin_j + b_j / 2, FAISS's +0.5 cell centre), so {@link
 * #setQuery} folds a_j into the query once and each code costs one fused kernel pass over its
 * bytes ({@link VectorUtil#squareDistanceU8}, {@link VectorUtil#dotProductU8}); no decoded copy is
 * made. The other types (4-bit, 6-bit, fp16, bf16) decode into scratch, then use the float
 * kernels. Results equal the distance to {@link ScalarQuantizer#decode}'s output up to float
 * rounding.
 *
 * <p>Not thread-safe (per-query state and scratch): one per thread.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/ScalarQuantizer.h">faiss/impl/ScalarQuantizer.h (SQDistanceComputer)</a>
 */
public final class SQDistanceComputer implements FlatCodesDistanceComputer {
    private final ScalarQuantizer sq;
    private final boolean ip;
    private final int d;
    /** Whether the byte kernels apply (8-bit types). */
    private final boolean u8;
    /** 8-bit types: per-component offset a_j and scale b_j of the decoded value. */
    private final float[] offset;

    private final float[] scale;
    /** The query, transformed for the 8-bit kernels (L2: x - a; IP: x * b), or copied. */
    private final float[] q;

    private final float[] decoded;
    /** IP with 8-bit types: the constant sum_j x_j * a_j. */
    private float ipBias;

    SQDistanceComputer(ScalarQuantizer sq, MetricType metric) {
        this.sq = Objects.requireNonNull(sq, "sq is null");
        this.ip = Objects.requireNonNull(metric, "metric is null") == MetricType.INNER_PRODUCT;
        this.d = sq.d();
        this.q = new float[d];
        QuantizerType t = sq.qtype();
        this.u8 = t.bits() == 8;
        this.offset = u8 ? new float[d] : null;
        this.scale = u8 ? new float[d] : null;
        this.decoded = u8 ? null : new float[d];
        if (u8) {
            float[] tr = sq.getTrained();
            for (int j = 0; j < d; j++) {
                switch (t) {
                    case QT_8bit_direct -> scale[j] = 1;
                    case QT_8bit_direct_signed -> {
                        scale[j] = 1;
                        offset[j] = -128;
                    }
                    default -> {
                        float vmin = t.uniform() ? tr[0] : tr[j];
                        float vdiff = t.uniform() ? tr[1] : tr[d + j];
                        scale[j] = vdiff / 255f;
                        offset[j] = vmin + 0.5f * scale[j];
                    }
                }
            }
        }
    }

    @Override
    public int codeSize() {
        return sq.codeSize();
    }

    @Override
    public void setQuery(float[] x, int xOffset) {
        if (!u8) {
            System.arraycopy(x, xOffset, q, 0, d);
            return;
        }
        if (ip) {
            float bias = 0;
            for (int j = 0; j < d; j++) {
                q[j] = x[xOffset + j] * scale[j];
                bias += x[xOffset + j] * offset[j];
            }
            ipBias = bias;
        } else {
            for (int j = 0; j < d; j++) {
                q[j] = x[xOffset + j] - offset[j];
            }
        }
    }

    @Override
    public float distanceToCode(byte[] codes, int off) {
        if (u8) {
            return ip
                    ? ipBias + VectorUtil.dotProductU8(q, 0, codes, off, d)
                    : VectorUtil.squareDistanceU8(q, 0, scale, codes, off, d);
        }
        sq.decode(codes, off, decoded, 0);
        return ip ? VectorUtil.dotProduct(q, 0, decoded, 0, d) : VectorUtil.squareDistance(q, 0, decoded, 0, d);
    }
}
