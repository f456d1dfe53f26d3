package dev.annvil;

import dev.annvil.impl.SQDistanceComputer;
import dev.annvil.impl.ScalarQuantizer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/**
 * Scalar-quantization index: every vector is stored as a {@link ScalarQuantizer} code (d bytes
 * for the 8-bit types, d / 2 for 4-bit, 2 * d for fp16 and bf16) and searched exhaustively.
 *
 * <p>Shapes and units: vectors are d floats; distances are squared L2 to the decoded vectors or
 * inner products with them, approximating the true distances (fp16 to about 3 significant
 * digits). Labels are positions 0 .. ntotal-1; rows with fewer than k results are padded with
 * label -1 and +/-Float.MAX_VALUE. {@link #reconstruct} returns the decoded vector.
 *
 * <p>Search runs one query per task on {@link Parallelism}; the 8-bit types compute distances
 * straight from the code bytes with SIMD kernels ({@link SQDistanceComputer}).
 *
 * <p>Thread-safety: searches, range searches and reconstructions may run concurrently;
 * train/add/removeIds/reset need exclusive access.
 *
 * <p>Factory strings: {@code SQ8} (QT_8bit), {@code SQ4}, {@code SQ6}, {@code SQfp16}, {@code
 * SQbf16}, {@code SQ8_direct}, {@code SQ8_direct_signed}, {@code SQ8_uniform} ...
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexScalarQuantizer.h">faiss/IndexScalarQuantizer.h</a>
 */
public class IndexScalarQuantizer extends IndexFlatCodes {
    private final ScalarQuantizer sq;
    private boolean isTrained;

    /**
     * An index, untrained unless the type needs no training (fp16, bf16, the direct types).
     *
     * @throws IllegalArgumentException if d &lt; 1
     */
    public IndexScalarQuantizer(int d, QuantizerType qtype, MetricType metricType) {
        super(d, metricType);
        this.sq = new ScalarQuantizer(d, qtype);
        this.isTrained = !qtype.needsTraining();
    }

    /** An L2 index. */
    public IndexScalarQuantizer(int d, QuantizerType qtype) {
        this(d, qtype, MetricType.L2);
    }

    /** The scalar quantizer (FAISS: {@code sq}). */
    public ScalarQuantizer sq() {
        return sq;
    }

    @Override
    public int codeSize() {
        return sq.codeSize();
    }

    @Override
    public boolean isTrained() {
        return isTrained;
    }

    /** Sets the trained flag (when loading a file whose trained vector was set on {@link #sq()}). */
    public void setTrained(boolean trained) {
        this.isTrained = trained;
    }

    /**
     * Learns the quantizer's ranges (a no-op for the types that need no training).
     *
     * @throws IllegalArgumentException if x is too short, or n = 0 for a type that trains
     */
    @Override
    public void train(int n, float[] x) {
        sq.train(n, x);
        isTrained = true;
    }

    @Override
    public void saEncode(int n, float[] x, byte[] bytes, int bytesOffset) {
        if (!isTrained) {
            throw new IllegalStateException("IndexScalarQuantizer is not trained: call train first");
        }
        sq.computeCodes(n, x, 0, bytes, bytesOffset);
    }

    @Override
    public void saDecode(int n, byte[] bytes, int bytesOffset, float[] x) {
        Checks.length("x", x, (long) n * d);
        int cs = sq.codeSize();
        for (int i = 0; i < n; i++) {
            sq.decode(bytes, bytesOffset + i * cs, x, i * d);
        }
    }

    @Override
    public SQDistanceComputer getFlatCodesDistanceComputer() {
        return sq.distanceComputer(metricType);
    }

    @Override
    public long ramBytesUsed() {
        return super.ramBytesUsed() + sq.ramBytesUsed();
    }

    @Override
    public String toString() {
        return "IndexScalarQuantizer(d=" + d + ", qtype=" + sq.qtype() + ", ntotal=" + ntotal() + ", metricType="
                + metricType + ")";
    }
}
