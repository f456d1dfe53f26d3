package dev.annvil.impl;

import dev.annvil.Checks;
import dev.annvil.MetricType;
import dev.annvil.Parallelism;
import java.util.Arrays;
import java.util.Objects;

/**
 * Scalar quantizer: encodes each component of a vector independently, as FAISS does, with 4, 6 or
 * 8 bits over a trained range, or as float16 / bfloat16, or as a raw byte.
 *
 * <p>Fields are those FAISS stores: qtype, rangestat, rangestat_arg, d, and the {@link
 * #getTrained() trained} vector: for the non-uniform types (QT_8bit, QT_4bit, QT_6bit) 2 * d
 * floats, vmin[0 .. d) then vdiff[0 .. d); for the uniform ones 2 floats {vmin, vdiff}; empty for
 * the others. A component x_j in [vmin_j, vmin_j + vdiff_j] is mapped to u = (x_j - vmin_j) /
 * vdiff_j, clamped to [0, 1], and stored as the integer floor(u * (2^bits - 1)); it decodes to
 * vmin_j + (c + 0.5) / (2^bits - 1) * vdiff_j (the middle of its cell, FAISS's +0.5 offset).
 *
 * <p>Code layouts ({@link #codeSize()} bytes per vector): 8-bit types one byte per component;
 * 4-bit two components per byte, even component in the low nibble; 6-bit four components per
 * three bytes, LSB first; fp16 and bf16 two little-endian bytes per component.
 *
 * <p>Float16 rounding: encoding rounds to nearest, ties to even (Float.floatToFloat16), as FAISS
 * builds with F16C or on ARM do; FAISS built for generic x86-64 (such as Debian's 1.7.3) rounds
 * exact ties away from zero, so codes can differ by one unit on exact ties. Decoding is identical.
 *
 * <p>Thread-safety: encoding, decoding and distance computers are safe concurrently once trained;
 * {@link #train} and the setters need exclusive access.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/ScalarQuantizer.h">faiss/impl/ScalarQuantizer.h</a>
 */
public final class ScalarQuantizer {

    /** FAISS's quantizer types; ordinals equal FAISS's enum values (stored in files). */
    public enum QuantizerType {
        /** 8 bits per component, per-component range. */
        QT_8bit(8, false, true),
        /** 4 bits per component, per-component range. */
        QT_4bit(4, false, true),
        /** 8 bits per component, one range for all components. */
        QT_8bit_uniform(8, true, true),
        /** 4 bits per component, one range for all components. */
        QT_4bit_uniform(4, true, true),
        /** IEEE float16. */
        QT_fp16(16, false, false),
        /** The component cast to an unsigned byte: integers in [0, 255] are exact. */
        QT_8bit_direct(8, false, false),
        /** 6 bits per component, per-component range. */
        QT_6bit(6, false, true),
        /** bfloat16 (the upper 16 bits of a float32, rounded). FAISS 1.9 and later. */
        QT_bf16(16, false, false),
        /** The component plus 128 as an unsigned byte: integers in [-128, 127] are exact. FAISS 1.9+. */
        QT_8bit_direct_signed(8, false, false);

        private final int bits;
        private final boolean uniform;
        private final boolean needsTraining;

        QuantizerType(int bits, boolean uniform, boolean needsTraining) {
            this.bits = bits;
            this.uniform = uniform;
            this.needsTraining = needsTraining;
        }

        /** Bits per component. */
        public int bits() {
            return bits;
        }

        /** True if one range serves all components. */
        public boolean uniform() {
            return uniform;
        }

        /** True if the type learns a range ({@link #train} must run before encoding). */
        public boolean needsTraining() {
            return needsTraining;
        }

        /**
         * The type with FAISS's enum value v.
         *
         * @throws IllegalArgumentException if v is not one of 0 .. 8
         */
        public static QuantizerType fromFaiss(int v) {
            QuantizerType[] all = values();
            if (v < 0 || v >= all.length) {
                throw new IllegalArgumentException("qtype=" + v + " is not supported (0.." + (all.length - 1) + ")");
            }
            return all[v];
        }
    }

    /** How the range is estimated from training data; ordinals equal FAISS's values. */
    public enum RangeStat {
        /** [min, max], widened on both sides by rangestat_arg * (max - min). The default. */
        RS_minmax,
        /** [mean - std * rangestat_arg, mean + std * rangestat_arg]. */
        RS_meanstd,
        /** The rangestat_arg and 1 - rangestat_arg quantiles. */
        RS_quantiles,
        /** Least-squares fit of the quantization levels. */
        RS_optim
    }

    private final int d;
    private final QuantizerType qtype;
    private final int codeSize;
    private RangeStat rangestat = RangeStat.RS_minmax;
    private float rangestatArg;
    private float[] trained = new float[0];

    /**
     * An untrained scalar quantizer.
     *
     * @throws IllegalArgumentException if d &lt; 1
     */
    public ScalarQuantizer(int d, QuantizerType qtype) {
        Checks.positive("d", d);
        this.d = d;
        this.qtype = Objects.requireNonNull(qtype, "qtype is null");
        this.codeSize = switch (qtype.bits) {
            case 4 -> (d + 1) / 2;
            case 6 -> (int) (((long) d * 6 + 7) / 8);
            case 16 -> Math.multiplyExact(d, 2);
            default -> d;
        };
    }

    public int d() {
        return d;
    }

    public QuantizerType qtype() {
        return qtype;
    }

    /** Bytes per encoded vector. */
    public int codeSize() {
        return codeSize;
    }

    /** Bits per component. */
    public int bits() {
        return qtype.bits;
    }

    public RangeStat rangestat() {
        return rangestat;
    }

    public void setRangestat(RangeStat rangestat) {
        this.rangestat = Objects.requireNonNull(rangestat, "rangestat is null");
    }

    /** Argument of the range statistic (FAISS: rangestat_arg, default 0). */
    public float rangestatArg() {
        return rangestatArg;
    }

    public void setRangestatArg(float rangestatArg) {
        this.rangestatArg = rangestatArg;
    }

    /** True once the range is known (always for types that need no training). */
    public boolean isTrained() {
        return !qtype.needsTraining || trained.length > 0;
    }

    /**
     * The trained vector in FAISS's layout (see the class comment). This is the quantizer's own
     * array: read it, do not modify it.
     */
    public float[] getTrained() {
        return trained;
    }

    /**
     * Sets the trained vector (when loading a file).
     *
     * @throws IllegalArgumentException if its length is not 2 * d (non-uniform), 2 (uniform) or 0
     */
    public void setTrained(float[] t) {
        Objects.requireNonNull(t, "trained is null");
        int expected = !qtype.needsTraining ? 0 : qtype.uniform ? 2 : 2 * d;
        if (t.length != expected && t.length != 0) {
            throw new IllegalArgumentException(
                    "trained of " + qtype + " with d=" + d + " holds " + expected + " floats, got " + t.length);
        }
        this.trained = t.clone();
    }

    /**
     * Learns the range with {@link #rangestat()}; a no-op for fp16, bf16 and the direct types.
     *
     * @param n number of training vectors, at least 1 for the types that train
     * @param x n * d floats, row-major
     * @throws IllegalArgumentException if x is too short, or n = 0 for a type that trains
     */
    public void train(int n, float[] x) {
        Checks.batch(n, x, d);
        if (!qtype.needsTraining) {
            return;
        }
        Checks.positive("n", n);
        int k = 1 << qtype.bits;
        trained = qtype.uniform
                ? ScalarQuantizerTraining.trainUniform(rangestat, rangestatArg, Math.multiplyExact(n, d), k, x, 0)
                : ScalarQuantizerTraining.trainNonUniform(rangestat, rangestatArg, n, d, k, x);
    }

    private void checkTrained() {
        if (!isTrained()) {
            throw new IllegalStateException("ScalarQuantizer " + qtype + " is not trained");
        }
    }

    /** Encodes one vector x[xOffset .. xOffset + d) into code[codeOffset .. codeOffset + codeSize). */
    public void encode(float[] x, int xOffset, byte[] code, int codeOffset) {
        switch (qtype) {
            case QT_fp16 -> {
                for (int j = 0; j < d; j++) {
                    putShort(code, codeOffset + 2 * j, Float.floatToFloat16(x[xOffset + j]));
                }
            }
            case QT_bf16 -> {
                for (int j = 0; j < d; j++) {
                    putShort(code, codeOffset + 2 * j, (short)
                            ((Float.floatToRawIntBits(x[xOffset + j]) + 0x8000) >>> 16));
                }
            }
            case QT_8bit_direct -> {
                for (int j = 0; j < d; j++) {
                    code[codeOffset + j] = (byte) (int) x[xOffset + j];
                }
            }
            case QT_8bit_direct_signed -> {
                for (int j = 0; j < d; j++) {
                    code[codeOffset + j] = (byte) (int) (x[xOffset + j] + 128);
                }
            }
            default -> encodeRange(x, xOffset, code, codeOffset);
        }
    }

    /** The 4-, 6- and 8-bit codecs: normalise to [0, 1], then FAISS's Codec{4,6,8}bit. */
    private void encodeRange(float[] x, int xOffset, byte[] code, int codeOffset) {
        boolean uniform = qtype.uniform;
        int bits = qtype.bits;
        if (bits != 8) {
            Arrays.fill(code, codeOffset, codeOffset + codeSize, (byte) 0);
        }
        for (int j = 0; j < d; j++) {
            float vmin = uniform ? trained[0] : trained[j];
            float vdiff = uniform ? trained[1] : trained[d + j];
            float u = 0;
            if (vdiff != 0) {
                u = (x[xOffset + j] - vmin) / vdiff;
                if (u < 0) {
                    u = 0;
                }
                if (u > 1.0f) {
                    u = 1.0f;
                }
            }
            if (bits == 8) {
                code[codeOffset + j] = (byte) (int) (255 * u); // a float product, as in FAISS
            } else if (bits == 4) {
                code[codeOffset + (j >> 1)] |= (byte) ((int) (u * 15.0) << ((j & 1) << 2)); // a double product
            } else {
                put6(code, codeOffset, j, (int) (u * 63.0));
            }
        }
    }

    private static void put6(byte[] code, int offset, int j, int bits) {
        int b = offset + (j >> 2) * 3;
        switch (j & 3) {
            case 0 -> code[b] |= (byte) bits;
            case 1 -> {
                code[b] |= (byte) (bits << 6);
                code[b + 1] |= (byte) (bits >> 2);
            }
            case 2 -> {
                code[b + 1] |= (byte) (bits << 4);
                code[b + 2] |= (byte) (bits >> 4);
            }
            default -> code[b + 2] |= (byte) (bits << 2);
        }
    }

    /** The integer level of component j of a 4-, 6- or 8-bit code. */
    static int level(byte[] code, int offset, int bits, int j) {
        if (bits == 8) {
            return code[offset + j] & 0xFF;
        }
        if (bits == 4) {
            return ((code[offset + (j >> 1)] & 0xFF) >> ((j & 1) << 2)) & 0xF;
        }
        int b = offset + (j >> 2) * 3;
        return switch (j & 3) {
            case 0 -> code[b] & 0x3F;
            case 1 -> ((code[b] & 0xFF) >> 6) | ((code[b + 1] & 0xF) << 2);
            case 2 -> ((code[b + 1] & 0xFF) >> 4) | ((code[b + 2] & 0x3) << 4);
            default -> (code[b + 2] & 0xFF) >> 2;
        };
    }

    /** Decodes one code into x[xOffset .. xOffset + d). */
    public void decode(byte[] code, int codeOffset, float[] x, int xOffset) {
        switch (qtype) {
            case QT_fp16 -> {
                for (int j = 0; j < d; j++) {
                    x[xOffset + j] = Float.float16ToFloat(getShort(code, codeOffset + 2 * j));
                }
            }
            case QT_bf16 -> {
                for (int j = 0; j < d; j++) {
                    x[xOffset + j] = Float.intBitsToFloat((getShort(code, codeOffset + 2 * j) & 0xFFFF) << 16);
                }
            }
            case QT_8bit_direct -> {
                for (int j = 0; j < d; j++) {
                    x[xOffset + j] = code[codeOffset + j] & 0xFF;
                }
            }
            case QT_8bit_direct_signed -> {
                for (int j = 0; j < d; j++) {
                    x[xOffset + j] = (code[codeOffset + j] & 0xFF) - 128;
                }
            }
            default -> {
                boolean uniform = qtype.uniform;
                int bits = qtype.bits;
                float levels = (1 << bits) - 1;
                for (int j = 0; j < d; j++) {
                    float u = (level(code, codeOffset, bits, j) + 0.5f) / levels;
                    x[xOffset + j] = uniform ? trained[0] + u * trained[1] : trained[j] + u * trained[d + j];
                }
            }
        }
    }

    /**
     * Encodes n vectors, in parallel on {@link Parallelism} (FAISS: compute_codes).
     *
     * @param x n * d floats from xOffset
     * @param codes receives n * codeSize bytes from codesOffset
     * @throws IllegalStateException if not trained
     */
    public void computeCodes(int n, float[] x, int xOffset, byte[] codes, int codesOffset) {
        Checks.nonNegative("n", n);
        checkTrained();
        if (x.length - (long) xOffset < (long) n * d) {
            throw new IllegalArgumentException("x.length=" + x.length + " but " + n + " vectors of d=" + d
                    + " from offset " + xOffset + " are needed");
        }
        int block = 1024;
        int blocks = (n + block - 1) / block;
        int tasks = Math.min(blocks, Parallelism.numThreads());
        Parallelism.forEach(tasks, t -> {
            for (int b = t; b < blocks; b += tasks) {
                int end = Math.min(n, (b + 1) * block);
                for (int i = b * block; i < end; i++) {
                    encode(x, xOffset + i * d, codes, codesOffset + i * codeSize);
                }
            }
        });
    }

    /** Encodes n vectors (x: n * d floats) into a new array of n * codeSize bytes. */
    public byte[] computeCodes(int n, float[] x) {
        Checks.batch(n, x, d);
        byte[] codes = new byte[Math.multiplyExact(n, codeSize)];
        computeCodes(n, x, 0, codes, 0);
        return codes;
    }

    /** Decodes n codes (n * codeSize bytes) into x (n * d floats, row-major). */
    public void decode(int n, byte[] codes, float[] x) {
        checkTrained();
        Checks.length("x", x, (long) n * d);
        for (int i = 0; i < n; i++) {
            decode(codes, i * codeSize, x, i * d);
        }
    }

    /**
     * A distance computer between queries and codes of this quantizer: one per thread (FAISS:
     * get_distance_computer). Distances are to the decoded vectors: squared L2 or inner product.
     *
     * @throws IllegalStateException if not trained
     */
    public SQDistanceComputer distanceComputer(MetricType metric) {
        checkTrained();
        return new SQDistanceComputer(this, metric);
    }

    private static void putShort(byte[] b, int off, short v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    private static short getShort(byte[] b, int off) {
        return (short) ((b[off] & 0xFF) | (b[off + 1] << 8));
    }

    /** Bytes held by the trained vector. */
    public long ramBytesUsed() {
        return 4L * trained.length + 48;
    }

    @Override
    public String toString() {
        return "ScalarQuantizer(d=" + d + ", qtype=" + qtype + ")";
    }
}
