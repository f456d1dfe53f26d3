package dev.annvil.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian field writer for FAISS files (buffered; {@link #flush} at the end). */
final class FaissOutput {
    private final OutputStream out;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

    FaissOutput(OutputStream out) {
        this.out = out;
    }

    private void room(int bytes) throws IOException {
        if (buf.remaining() < bytes) {
            flushBuffer();
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buf.array(), 0, buf.position());
        buf.clear();
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }

    void fourcc(String s) throws IOException {
        room(4);
        for (int i = 0; i < 4; i++) {
            buf.put((byte) s.charAt(i));
        }
    }

    void u8(int v) throws IOException {
        room(1);
        buf.put((byte) v);
    }

    void bool(boolean v) throws IOException {
        u8(v ? 1 : 0);
    }

    void i32(int v) throws IOException {
        room(4);
        buf.putInt(v);
    }

    void f32(float v) throws IOException {
        room(4);
        buf.putFloat(v);
    }

    void i64(long v) throws IOException {
        room(8);
        buf.putLong(v);
    }

    /** n floats, without a count. */
    void floats(float[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            room(4);
            buf.putFloat(a[i]);
        }
    }

    /** n bytes from off, without a count. */
    void bytes(byte[] a, int off, int n) throws IOException {
        while (n > 0) {
            room(1);
            int m = Math.min(n, buf.remaining());
            buf.put(a, off, m);
            off += m;
            n -= m;
        }
    }

    /** n longs, without a count. */
    void longs(long[] a, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            i64(a[i]);
        }
    }

    /** vec&lt;f32&gt;: count, then the values. */
    void floatVec(float[] a) throws IOException {
        i64(a.length);
        floats(a, a.length);
    }

    /** vec&lt;u8&gt;: count, then n bytes. */
    void byteVec(byte[] a, int n) throws IOException {
        i64(n);
        bytes(a, 0, n);
    }

    /** vec&lt;i64&gt;. */
    void longVec(long[] a) throws IOException {
        i64(a.length);
        longs(a, a.length);
    }

    /** vec&lt;i32&gt;. */
    void intVec(int[] a) throws IOException {
        i64(a.length);
        for (int v : a) {
            i32(v);
        }
    }

    /** vec&lt;f64&gt;. */
    void doubleVec(double[] a) throws IOException {
        i64(a.length);
        for (double v : a) {
            room(8);
            buf.putDouble(v);
        }
    }
}
