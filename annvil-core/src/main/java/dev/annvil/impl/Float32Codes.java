package dev.annvil.impl;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Conversion between float32 values and their little-endian bytes (FAISS's in-memory and file
 * layout of IndexIVFFlat codes), in bulk. Raw bits are kept (NaN payloads included).
 *
 * <p>Stateless; safe for concurrent use.
 */
public final class Float32Codes {
    private static final ValueLayout.OfFloat LE_FLOAT =
            ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Float32Codes() {}

    /** Writes count floats src[srcOffset ..) as 4 * count bytes at dst[dstOffset ..). */
    public static void encode(float[] src, int srcOffset, byte[] dst, int dstOffset, int count) {
        MemorySegment.copy(src, srcOffset, MemorySegment.ofArray(dst), LE_FLOAT, dstOffset, count);
    }

    /** Reads count floats from 4 * count bytes at src[srcOffset ..) into dst[dstOffset ..). */
    public static void decode(byte[] src, int srcOffset, float[] dst, int dstOffset, int count) {
        MemorySegment.copy(MemorySegment.ofArray(src), LE_FLOAT, srcOffset, dst, dstOffset, count);
    }
}
