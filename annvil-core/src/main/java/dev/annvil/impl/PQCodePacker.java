package dev.annvil.impl;

/**
 * Reads and writes the M sub-codes of one product-quantizer code: nbits bits each, packed
 * least-significant bit first into a little-endian bit stream, sub-quantizer 0 first; the last
 * byte is zero-padded. With nbits = 8 this is one byte per sub-quantizer, with nbits = 16 two
 * little-endian bytes. A code of M sub-codes occupies {@code ceil(M * nbits / 8)} bytes.
 *
 * <p>Stateless static methods; callers check bounds (the JVM catches overruns).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/ProductQuantizer.h">
 *     faiss/impl/ProductQuantizer.h: PQEncoderGeneric, PQDecoderGeneric</a>
 */
public final class PQCodePacker {
    private PQCodePacker() {}

    /** Bytes of a code of M sub-codes of nbits bits: ceil(M * nbits / 8). */
    public static int codeSize(int M, int nbits) {
        return (int) (((long) M * nbits + 7) / 8);
    }

    /**
     * Writes sub-code m (value &lt; 2^nbits) into the code at {@code code[offset ..]} by OR-ing its
     * bits in: the bits must be zero beforehand (clear the code first).
     */
    public static void put(byte[] code, int offset, int nbits, int m, int value) {
        if (nbits == 8) {
            code[offset + m] = (byte) value;
            return;
        }
        long bitPos = (long) m * nbits;
        int i = offset + (int) (bitPos >>> 3);
        long v = ((long) value) << (bitPos & 7);
        while (v != 0) {
            code[i++] |= (byte) v;
            v >>>= 8;
        }
    }

    /**
     * Sub-code m of the code at {@code code[offset .. offset + codeSize)}.
     *
     * @param codeSize bytes of the whole code (bytes past it are never read)
     */
    public static int get(byte[] code, int offset, int codeSize, int nbits, int m) {
        if (nbits == 8) {
            return code[offset + m] & 0xFF;
        }
        long bitPos = (long) m * nbits;
        int first = (int) (bitPos >>> 3);
        int shift = (int) (bitPos & 7);
        int last = Math.min(codeSize - 1, (int) ((bitPos + nbits - 1) >>> 3));
        long w = 0;
        for (int b = first; b <= last; b++) {
            w |= (long) (code[offset + b] & 0xFF) << (8 * (b - first));
        }
        return (int) ((w >>> shift) & ((1L << nbits) - 1));
    }

    /** Packs M sub-codes from {@code values[0 .. M)} into a cleared-then-written code. */
    public static void pack(int[] values, int M, int nbits, byte[] code, int offset) {
        int codeSize = codeSize(M, nbits);
        java.util.Arrays.fill(code, offset, offset + codeSize, (byte) 0);
        for (int m = 0; m < M; m++) {
            put(code, offset, nbits, m, values[m]);
        }
    }

    /** Unpacks the M sub-codes of a code into {@code values[0 .. M)}. */
    public static void unpack(byte[] code, int offset, int M, int nbits, int[] values) {
        int codeSize = codeSize(M, nbits);
        for (int m = 0; m < M; m++) {
            values[m] = get(code, offset, codeSize, nbits, m);
        }
    }
}
