package dev.annvil.io;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Little-endian field reader for FAISS files that tracks the byte offset and never allocates more
 * than the bytes that remain: every count is checked against {@code maxBytes - offset} first.
 */
final class FaissInput {
    private final DataInputStream in;
    private final long maxBytes;
    private final String source;
    private final byte[] scratch = new byte[8];
    private final byte[] chunk = new byte[1 << 16];
    long offset;
    /** Fourcc of the innermost record being read, for error messages. */
    String fourcc = "?";
    /** Offset of that record. */
    long recordAt;

    FaissInput(DataInputStream in, long maxBytes, String source) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.source = source;
    }

    /** An error about the current record. */
    FaissFormatException error(String what) {
        return error(recordAt, fourcc, what);
    }

    FaissFormatException error(long at, String fourcc, String what) {
        return new FaissFormatException(
                source + ": " + what + " (record " + fourcc + " at byte " + at + ", read up to byte " + offset + ")");
    }

    long remaining() {
        return maxBytes - offset;
    }

    /** Checks that count elements of elemSize bytes can still be read. */
    void need(long count, int elemSize, String what) throws FaissFormatException {
        if (count < 0 || count > remaining() / elemSize) {
            throw error(what + ": " + count + " elements of " + elemSize + " bytes but only " + remaining()
                    + " bytes remain");
        }
    }

    private void fill(byte[] dst, int n) throws IOException {
        if (n > remaining()) {
            throw error("truncated: needs " + n + " bytes, " + remaining() + " remain");
        }
        try {
            in.readFully(dst, 0, n);
        } catch (EOFException e) {
            throw error("truncated");
        }
        offset += n;
    }

    String fourcc() throws IOException {
        fill(scratch, 4);
        char[] c = new char[4];
        for (int i = 0; i < 4; i++) {
            int b = scratch[i] & 0xff;
            c[i] = b >= 32 && b < 127 ? (char) b : '?';
        }
        return new String(c);
    }

    int u8() throws IOException {
        fill(scratch, 1);
        return scratch[0] & 0xff;
    }

    boolean bool(String what) throws IOException {
        int b = u8();
        if (b > 1) {
            throw error(what + " byte is " + b + ", not 0 or 1");
        }
        return b == 1;
    }

    int i32() throws IOException {
        fill(scratch, 4);
        return ByteBuffer.wrap(scratch, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    float f32() throws IOException {
        return Float.intBitsToFloat(i32());
    }

    long i64() throws IOException {
        fill(scratch, 8);
        return ByteBuffer.wrap(scratch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /** A u64 that must lie in [min, max]. */
    long u64In(String what, long min, long max) throws IOException {
        long at = offset;
        long v = i64();
        if (v < min || v > max) {
            throw error(what + "=" + Long.toUnsignedString(v) + " at byte " + at + " is outside [" + min + ", " + max
                    + "]");
        }
        return v;
    }

    /** Reads n * elemSize bytes (checked) and hands each chunk to the consumer. */
    private void bulk(long n, int elemSize, String what, ChunkSink sink) throws IOException {
        need(n, elemSize, what);
        if (n > (Integer.MAX_VALUE - 16)) {
            throw error(what + ": " + n + " elements exceed a Java array");
        }
        long bytes = n * elemSize;
        int done = 0;
        while (bytes > 0) {
            int m = (int) Math.min(chunk.length, bytes);
            try {
                in.readFully(chunk, 0, m);
            } catch (EOFException e) {
                throw error("truncated in " + what);
            }
            offset += m;
            sink.accept(ByteBuffer.wrap(chunk, 0, m).order(ByteOrder.LITTLE_ENDIAN), done, m / elemSize);
            done += m / elemSize;
            bytes -= m;
        }
    }

    private interface ChunkSink {
        void accept(ByteBuffer b, int done, int count);
    }

    float[] floats(long n, String what) throws IOException {
        need(n, 4, what);
        float[] out = new float[(int) n];
        bulk(n, 4, what, (b, done, m) -> b.asFloatBuffer().get(out, done, m));
        return out;
    }

    byte[] bytes(long n, String what) throws IOException {
        need(n, 1, what);
        byte[] out = new byte[(int) n];
        bulk(n, 1, what, (b, done, m) -> b.get(out, done, m));
        return out;
    }

    long[] longs(long n, String what) throws IOException {
        need(n, 8, what);
        long[] out = new long[(int) n];
        bulk(n, 8, what, (b, done, m) -> b.asLongBuffer().get(out, done, m));
        return out;
    }

    int[] ints(long n, String what) throws IOException {
        need(n, 4, what);
        int[] out = new int[(int) n];
        bulk(n, 4, what, (b, done, m) -> b.asIntBuffer().get(out, done, m));
        return out;
    }

    double[] doubles(long n, String what) throws IOException {
        need(n, 8, what);
        double[] out = new double[(int) n];
        bulk(n, 8, what, (b, done, m) -> b.asDoubleBuffer().get(out, done, m));
        return out;
    }

    float[] floatVec(String what) throws IOException {
        return floats(i64(), what);
    }

    byte[] byteVec(String what) throws IOException {
        return bytes(i64(), what);
    }

    long[] longVec(String what) throws IOException {
        return longs(i64(), what);
    }

    int[] intVec(String what) throws IOException {
        return ints(i64(), what);
    }

    double[] doubleVec(String what) throws IOException {
        return doubles(i64(), what);
    }
}
