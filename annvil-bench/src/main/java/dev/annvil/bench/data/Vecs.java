package dev.annvil.bench.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads and writes the TEXMEX {@code .fvecs}, {@code .ivecs} and {@code .bvecs} files of the
 * SIFT/GIST/Deep benchmarks: each vector is a little-endian int32 dimension d followed by d
 * components (float32, int32 or uint8).
 *
 * <p>Readers return row-major arrays of n * d values and check that every record has the same d
 * and that the file ends on a record boundary.
 *
 * @see <a href="http://corpus-texmex.irisa.fr/">corpus-texmex: ANN_SIFT1M file format</a>
 */
public final class Vecs {
    private Vecs() {}

    /**
     * Row-major vectors read from a file.
     *
     * @param n number of vectors
     * @param d dimension
     * @param values n * d floats
     */
    public record Floats(int n, int d, float[] values) {}

    /**
     * Row-major int32 vectors (ground-truth neighbour ids).
     *
     * @param n number of vectors
     * @param d values per vector (neighbours per query)
     * @param values n * d ints
     */
    public record Ints(int n, int d, int[] values) {}

    /**
     * Reads an .fvecs (float32) or .bvecs (uint8, converted to float) file, chosen by the name's
     * ending; at most {@code limit} vectors (limit &lt; 0: all).
     *
     * @throws IOException if the file is unreadable, d varies, d &lt; 1 or the file is truncated
     */
    public static Floats readFloats(Path file, int limit) throws IOException {
        boolean bytes = file.getFileName().toString().endsWith(".bvecs");
        ByteBuffer buf = map(file);
        int elem = bytes ? 1 : 4;
        int d = header(buf, file);
        long record = 4L + (long) d * elem;
        long count = buf.capacity() / record;
        checkSize(file, buf.capacity(), record);
        int n = (int) Math.min(count, limit < 0 ? Integer.MAX_VALUE : limit);
        float[] out = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            int pos = (int) (i * record);
            checkDim(buf, pos, d, file, i);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = bytes ? (buf.get(pos + 4 + j) & 0xff) : buf.getFloat(pos + 4 + 4 * j);
            }
        }
        return new Floats(n, d, out);
    }

    /**
     * Reads an .ivecs file; at most {@code limit} vectors (limit &lt; 0: all).
     *
     * @throws IOException if the file is unreadable, d varies, d &lt; 1 or the file is truncated
     */
    public static Ints readInts(Path file, int limit) throws IOException {
        ByteBuffer buf = map(file);
        int d = header(buf, file);
        long record = 4L + 4L * d;
        checkSize(file, buf.capacity(), record);
        int n = (int) Math.min(buf.capacity() / record, limit < 0 ? Integer.MAX_VALUE : limit);
        int[] out = new int[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            int pos = (int) (i * record);
            checkDim(buf, pos, d, file, i);
            for (int j = 0; j < d; j++) {
                out[i * d + j] = buf.getInt(pos + 4 + 4 * j);
            }
        }
        return new Ints(n, d, out);
    }

    /** Writes n * d floats as an .fvecs file (replacing it). */
    public static void writeFloats(Path file, int d, float[] values) throws IOException {
        int n = rows(values.length, d);
        ByteBuffer rec = ByteBuffer.allocate(4 + 4 * d).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < n; i++) {
                rec.clear();
                rec.putInt(d);
                for (int j = 0; j < d; j++) {
                    rec.putFloat(values[i * d + j]);
                }
                out.write(rec.array());
            }
        }
    }

    /** Writes n * d ints as an .ivecs file (replacing it). */
    public static void writeInts(Path file, int d, int[] values) throws IOException {
        int n = rows(values.length, d);
        ByteBuffer rec = ByteBuffer.allocate(4 + 4 * d).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            for (int i = 0; i < n; i++) {
                rec.clear();
                rec.putInt(d);
                for (int j = 0; j < d; j++) {
                    rec.putInt(values[i * d + j]);
                }
                out.write(rec.array());
            }
        }
    }

    private static int rows(int length, int d) {
        if (d < 1 || length % d != 0) {
            throw new IllegalArgumentException("d=" + d + " but values.length=" + length + " is not a multiple of d");
        }
        return length / d;
    }

    private static ByteBuffer map(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException(file + ": " + ch.size() + " bytes; files over 2 GiB are not supported");
            }
            return ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private static int header(ByteBuffer buf, Path file) throws IOException {
        if (buf.capacity() < 4) {
            throw new IOException(file + ": empty or truncated (" + buf.capacity() + " bytes)");
        }
        int d = buf.getInt(0);
        if (d < 1 || d > 1_000_000) {
            throw new IOException(file + ": bad dimension " + d + " at byte offset 0");
        }
        return d;
    }

    private static void checkSize(Path file, long size, long record) throws IOException {
        if (size % record != 0) {
            throw new IOException(
                    file + ": " + size + " bytes is not a multiple of the record size " + record + " (truncated?)");
        }
    }

    private static void checkDim(ByteBuffer buf, int pos, int d, Path file, int i) throws IOException {
        int di = buf.getInt(pos);
        if (di != d) {
            throw new IOException(
                    file + ": vector " + i + " at byte offset " + pos + " has d=" + di + ", expected " + d);
        }
    }
}
