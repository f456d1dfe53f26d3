package dev.annvil.io;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIDMap2;
import dev.annvil.MetricType;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads and writes FAISS's own binary index files, byte for byte as FAISS 1.7.3 and later do:
 * little-endian, no padding, the fourcc of each record followed by its fields in FAISS's order.
 *
 * <p>Types supported so far: {@code IxF2} (IndexFlatL2), {@code IxFI} (IndexFlatIP), {@code IxFl}
 * (IndexFlat with metric L2 or inner product), {@code IxMp} (IndexIDMap) and {@code IxM2}
 * (IndexIDMap2) over any of these. Others raise {@link FaissFormatException} naming the fourcc.
 *
 * <p>The reader never trusts a size field: every count is checked against the bytes that remain
 * before anything is allocated, and nesting depth is bounded. Trailing bytes are ignored, as FAISS
 * does.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/index_read.cpp">faiss/impl/index_read.cpp</a>
 */
public final class IndexIO {
    private static final int MAX_DEPTH = 16;
    private static final long DUMMY = 1L << 20;

    private IndexIO() {}

    /**
     * Writes {@code index} to {@code path} (replaced if it exists).
     *
     * @throws IllegalArgumentException if the index type has no FAISS writer yet
     * @throws IOException on an I/O failure
     */
    public static void writeIndex(Index index, Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16)) {
            writeIndex(index, out);
        }
    }

    /**
     * Writes {@code index} to a stream (not closed).
     *
     * @throws IllegalArgumentException if the index type has no FAISS writer yet
     */
    public static void writeIndex(Index index, OutputStream out) throws IOException {
        Objects.requireNonNull(index, "index is null");
        Writer w = new Writer(out);
        write(index, w);
        w.flush();
    }

    private static void write(Index index, Writer w) throws IOException {
        if (index instanceof IndexFlat flat) {
            w.fourcc(flat.metricType() == MetricType.L2 ? "IxF2" : "IxFI");
            header(flat, w);
            long floats = flat.ntotal() * flat.d();
            w.i64(floats);
            w.floats(flat.getXb(), (int) floats);
        } else if (index instanceof IndexIDMap idmap) {
            w.fourcc(index instanceof IndexIDMap2 ? "IxM2" : "IxMp");
            header(idmap, w);
            write(idmap.getIndex(), w);
            long[] ids = idmap.getIdMap();
            w.i64(ids.length);
            w.longs(ids);
        } else {
            throw new IllegalArgumentException(
                    "writeIndex: " + index.getClass().getSimpleName() + " has no FAISS writer yet");
        }
    }

    private static void header(Index index, Writer w) throws IOException {
        w.i32(index.d());
        w.i64(index.ntotal());
        w.i64(DUMMY);
        w.i64(DUMMY);
        w.u8(index.isTrained() ? 1 : 0);
        w.i32(index.metricType().faissCode());
    }

    /**
     * Reads the index stored in {@code path}.
     *
     * @throws FaissFormatException if the file is not a valid FAISS file of a supported type
     * @throws IOException on an I/O failure
     */
    public static Index readIndex(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return readIndex(in, Files.size(path), path.toString());
        }
    }

    /**
     * Reads one index from a stream holding at most {@code maxBytes} bytes.
     *
     * @param source a name for error messages
     * @throws FaissFormatException if the data is not a valid FAISS index of a supported type
     */
    public static Index readIndex(InputStream in, long maxBytes, String source) throws IOException {
        Reader r = new Reader(new DataInputStream(new BufferedInputStream(in, 1 << 16)), maxBytes, source);
        return read(r, 0);
    }

    private static Index read(Reader r, int depth) throws IOException {
        long at = r.offset;
        String fourcc = r.fourcc();
        if (depth > MAX_DEPTH) {
            throw r.error(at, fourcc, "nesting deeper than " + MAX_DEPTH);
        }
        switch (fourcc) {
            case "IxF2", "IxFI", "IxFl" -> {
                Header h = Header.read(r, fourcc);
                MetricType metric = h.metric;
                long floats = r.i64();
                if (floats != h.ntotal * h.d) {
                    throw r.error(at, fourcc, "vector data holds " + floats + " floats but ntotal*d=" + h.ntotal * h.d);
                }
                if (h.ntotal > Integer.MAX_VALUE || floats > Integer.MAX_VALUE - 16) {
                    throw r.error(at, fourcc, "ntotal=" + h.ntotal + " x d=" + h.d + " is too large for IndexFlat");
                }
                r.need(floats * 4, fourcc);
                float[] xb = r.floats((int) floats);
                IndexFlat flat = switch (fourcc) {
                    case "IxF2" -> new IndexFlatL2(h.d);
                    case "IxFI" -> new IndexFlatIP(h.d);
                    default -> new IndexFlat(h.d, metric);
                };
                flat.add((int) h.ntotal, xb);
                return flat;
            }
            case "IxMp", "IxM2" -> {
                Header h = Header.read(r, fourcc);
                Index inner = read(r, depth + 1);
                long count = r.i64();
                if (count != h.ntotal || inner.ntotal() != h.ntotal || inner.d() != h.d) {
                    throw r.error(
                            at,
                            fourcc,
                            "id_map length " + count + ", inner ntotal " + inner.ntotal() + " and inner d " + inner.d()
                                    + " disagree with header ntotal " + h.ntotal + ", d " + h.d);
                }
                r.need(count * 8, fourcc);
                long[] ids = r.longs((int) count);
                Index empty = emptyCopy(inner);
                IndexIDMap map = fourcc.equals("IxM2") ? new IndexIDMap2(empty) : new IndexIDMap(empty);
                float[] xb = new float[(int) (inner.ntotal() * inner.d())];
                inner.reconstructN(0, (int) inner.ntotal(), xb);
                map.addWithIds((int) count, xb, ids);
                return map;
            }
            default -> throw r.error(at, fourcc, "index type not supported");
        }
    }

    private static Index emptyCopy(Index inner) {
        if (inner instanceof IndexFlat f) {
            return new IndexFlat(f.d(), f.metricType());
        }
        throw new IllegalStateException("unexpected inner index " + inner);
    }

    private record Header(int d, long ntotal, boolean isTrained, MetricType metric) {
        static Header read(Reader r, String fourcc) throws IOException {
            long at = r.offset;
            int d = r.i32();
            long ntotal = r.i64();
            r.i64();
            r.i64();
            int trained = r.u8();
            int metricCode = r.i32();
            if (metricCode > 1) {
                r.i32(); // metric_arg, stored for metrics > 1
            }
            if (d < 1 || d > (1 << 20) || ntotal < 0) {
                throw r.error(at, fourcc, "header has d=" + d + ", ntotal=" + ntotal);
            }
            if (trained > 1) {
                throw r.error(at, fourcc, "is_trained byte is " + trained);
            }
            if (metricCode != 0 && metricCode != 1) {
                throw r.error(at, fourcc, "metric_type=" + metricCode + " is not supported (0=IP, 1=L2)");
            }
            return new Header(d, ntotal, trained == 1, MetricType.fromFaissCode(metricCode));
        }
    }

    private static final class Writer {
        private final OutputStream out;
        private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        Writer(OutputStream out) {
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

        void i32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void i64(long v) throws IOException {
            room(8);
            buf.putLong(v);
        }

        void floats(float[] a, int n) throws IOException {
            for (int i = 0; i < n; i++) {
                room(4);
                buf.putFloat(a[i]);
            }
        }

        void longs(long[] a) throws IOException {
            for (long v : a) {
                i64(v);
            }
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final long maxBytes;
        private final String source;
        private final byte[] scratch = new byte[8];
        long offset;

        Reader(DataInputStream in, long maxBytes, String source) {
            this.in = in;
            this.maxBytes = maxBytes;
            this.source = source;
        }

        FaissFormatException error(long at, String fourcc, String what) {
            return new FaissFormatException(source + ": " + what + " (record " + fourcc + " at byte " + at + ")");
        }

        void need(long bytes, String fourcc) throws FaissFormatException {
            if (bytes < 0 || bytes > maxBytes - offset) {
                throw error(
                        offset, fourcc, "needs " + bytes + " more bytes but only " + (maxBytes - offset) + " remain");
            }
        }

        private void fill(int n) throws IOException {
            if (n > maxBytes - offset) {
                throw new FaissFormatException(source + ": truncated at byte " + offset);
            }
            try {
                in.readFully(scratch, 0, n);
            } catch (EOFException e) {
                throw new FaissFormatException(source + ": truncated at byte " + offset);
            }
            offset += n;
        }

        String fourcc() throws IOException {
            fill(4);
            char[] c = new char[4];
            for (int i = 0; i < 4; i++) {
                int b = scratch[i] & 0xff;
                c[i] = b >= 32 && b < 127 ? (char) b : '?';
            }
            return new String(c);
        }

        int u8() throws IOException {
            fill(1);
            return scratch[0] & 0xff;
        }

        int i32() throws IOException {
            fill(4);
            return ByteBuffer.wrap(scratch, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        }

        long i64() throws IOException {
            fill(8);
            return ByteBuffer.wrap(scratch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        }

        float[] floats(int n) throws IOException {
            float[] out = new float[n];
            byte[] chunk = new byte[1 << 16];
            int done = 0;
            while (done < n) {
                int m = Math.min(chunk.length / 4, n - done);
                try {
                    in.readFully(chunk, 0, m * 4);
                } catch (EOFException e) {
                    throw new FaissFormatException(source + ": truncated at byte " + offset);
                }
                ByteBuffer.wrap(chunk, 0, m * 4)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asFloatBuffer()
                        .get(out, done, m);
                offset += m * 4L;
                done += m;
            }
            return out;
        }

        long[] longs(int n) throws IOException {
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                out[i] = i64();
            }
            return out;
        }
    }
}
