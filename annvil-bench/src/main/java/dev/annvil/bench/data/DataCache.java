package dev.annvil.bench.data;

import dev.annvil.IndexFlatL2;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The on-disk cache of the harness: exact ground truth (computed once by exact search, as .ivecs)
 * and the raw float32 copies of a data set that the Python engines read.
 *
 * <p>Every file name carries the data set's name, shape and a CRC-32C of its floats, so a changed
 * data set never meets a stale file. Files are written to a temporary name and moved into place,
 * so a killed run leaves no half-written file under the final name.
 *
 * <p>Default directory: {@code ~/.cache/annvil-bench}. Not safe for two processes writing the same
 * entry at once (the later move wins; both write the same content).
 */
public final class DataCache {
    private final Path dir;

    /** @param dir cache directory, created if missing */
    public DataCache(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** {@code ~/.cache/annvil-bench}. */
    public static Path defaultDir() {
        return Path.of(System.getProperty("user.home"), ".cache", "annvil-bench");
    }

    /** The cache directory. */
    public Path dir() {
        return dir;
    }

    /**
     * Raw little-endian files of a data set, as the Python engines read them.
     *
     * @param base nb * d float32, row-major
     * @param query nq * d float32, row-major
     * @param groundTruth nq * gtK int32, row-major
     */
    public record RawFiles(Path base, Path query, Path groundTruth) {}

    /** A stable key for (name, base, query, d): name, shape and CRC-32C of the floats. */
    public static String key(String name, float[] base, float[] query, int d) {
        CRC32C crc = new CRC32C();
        update(crc, base);
        update(crc, query);
        return String.format(
                Locale.ROOT,
                "%s-%dx%d-q%d-%s",
                name.replaceAll("[^A-Za-z0-9_.-]", "_"),
                base.length / d,
                d,
                query.length / d,
                HexFormat.of().toHexDigits((int) crc.getValue()));
    }

    /**
     * The gtK exact nearest database ids of every query (squared L2), read from the cache or
     * computed with Annvil's exact {@link IndexFlatL2} and cached; nq * gtK ints, row-major.
     */
    public int[] groundTruth(String key, float[] base, float[] query, int d, int gtK, PrintStream log)
            throws IOException {
        Path file = dir.resolve(key + "-gt" + gtK + ".ivecs");
        int nq = query.length / d;
        if (Files.isRegularFile(file)) {
            Vecs.Ints gt = Vecs.readInts(file, -1);
            if (gt.n() == nq && gt.d() == gtK) {
                log.println("# ground truth from cache: " + file);
                return gt.values();
            }
        }
        log.printf(Locale.ROOT, "# computing exact ground truth (%d queries, k=%d) ...%n", nq, gtK);
        long t0 = System.nanoTime();
        int[] gt = exact(base, query, d, gtK);
        log.printf(Locale.ROOT, "# ground truth in %.1f s, cached at %s%n", (System.nanoTime() - t0) / 1e9, file);
        Path tmp = Files.createTempFile(dir, "gt", ".tmp");
        Vecs.writeInts(tmp, gtK, gt);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return gt;
    }

    /** Exact k nearest neighbours by squared L2 (Annvil's IndexFlatL2), nq * k ids. */
    public static int[] exact(float[] base, float[] query, int d, int k) {
        IndexFlatL2 index = new IndexFlatL2(d);
        index.add(base.length / d, base);
        int nq = query.length / d;
        float[] distances = new float[nq * k];
        long[] labels = new long[nq * k];
        index.search(nq, query, k, distances, labels);
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) labels[i];
        }
        return out;
    }

    /** Writes (once) the raw float32/int32 files of a data set for the Python engines. */
    public RawFiles rawFiles(String key, Dataset ds) throws IOException {
        RawFiles f = new RawFiles(
                dir.resolve(key + ".base.f32"),
                dir.resolve(key + ".query.f32"),
                dir.resolve(key + "-gt" + ds.gtK() + ".i32"));
        writeFloatsOnce(f.base(), ds.base());
        writeFloatsOnce(f.query(), ds.query());
        if (!Files.isRegularFile(f.groundTruth()) || Files.size(f.groundTruth()) != 4L * ds.groundTruth().length) {
            Path tmp = Files.createTempFile(dir, "raw", ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
                for (int v : ds.groundTruth()) {
                    out.write(b.clear().putInt(v).array());
                }
            }
            Files.move(tmp, f.groundTruth(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        return f;
    }

    private void writeFloatsOnce(Path file, float[] x) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) == 4L * x.length) {
            return;
        }
        Path tmp = Files.createTempFile(dir, "raw", ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < x.length; ) {
                b.clear();
                while (i < x.length && b.remaining() >= 4) {
                    b.putFloat(x[i++]);
                }
                out.write(b.array(), 0, b.position());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void update(CRC32C crc, float[] x) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < x.length; ) {
            b.clear();
            while (i < x.length && b.remaining() >= 4) {
                b.putFloat(x[i++]);
            }
            b.flip();
            crc.update(b);
        }
    }
}
