package dev.annvil.bench;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Loads the Fashion-MNIST images as ann-benchmarks does: each 28 x 28 image is one vector of d = 784
 * float32 components, the raw uint8 pixel values 0..255 (no normalisation).
 *
 * <p>The files are the IDX files of Debian's {@code dataset-fashion-mnist} package, gzip-compressed:
 * {@code train-images-idx3-ubyte.gz} (60,000 images, the database) and {@code
 * t10k-images-idx3-ubyte.gz} (10,000 images, the queries). The directory defaults to {@link
 * #DEFAULT_DIR} and can be overridden with the system property {@link #DIR_PROPERTY} or an explicit
 * argument to {@link #load(Path)}.
 *
 * <p>IDX format (big-endian): magic {@code 0x00000803} (unsigned byte, 3 dimensions), count, rows,
 * cols, then count * rows * cols bytes, row-major.
 */
public final class FashionMnist {
    /** Where Debian's dataset-fashion-mnist installs the files. */
    public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** System property overriding {@link #DEFAULT_DIR}. */
    public static final String DIR_PROPERTY = "annvil.fashionMnist.dir";
    /** Database file name. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    /** Query file name. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    /** Magic number of an IDX file of unsigned bytes with 3 dimensions. */
    public static final int IDX3_UBYTE_MAGIC = 0x00000803;
    /** Vector dimension: 28 x 28 pixels. */
    public static final int DIM = 784;
    /** Number of database (train) vectors. */
    public static final int TRAIN_COUNT = 60_000;
    /** Number of query (test) vectors. */
    public static final int TEST_COUNT = 10_000;

    private FashionMnist() {}

    /**
     * Images of one IDX file.
     *
     * @param count number of images
     * @param rows pixel rows per image
     * @param cols pixel columns per image
     * @param vectors count * rows * cols floats, row-major: image i starts at {@code i * dim()}
     */
    public record Images(int count, int rows, int cols, float[] vectors) {
        /** Floats per image: rows * cols. */
        public int dim() {
            return rows * cols;
        }
    }

    /**
     * The benchmark data set.
     *
     * @param dir directory the files were read from
     * @param train {@link #TRAIN_COUNT} x {@link #DIM} floats, row-major (the database)
     * @param test {@link #TEST_COUNT} x {@link #DIM} floats, row-major (the queries)
     */
    public record Dataset(Path dir, float[] train, float[] test) {
        /** Vector dimension, 784. */
        public int d() {
            return DIM;
        }

        /** Number of database vectors. */
        public int nTrain() {
            return train.length / DIM;
        }

        /** Number of query vectors. */
        public int nTest() {
            return test.length / DIM;
        }
    }

    /** The directory to use when none is given: {@link #DIR_PROPERTY} if set, else {@link #DEFAULT_DIR}. */
    public static Path defaultDir() {
        String dir = System.getProperty(DIR_PROPERTY);
        return dir == null || dir.isBlank() ? DEFAULT_DIR : Path.of(dir);
    }

    /** The message printed when the files are absent from dir. */
    public static String notFoundMessage(Path dir) {
        return "Fashion-MNIST not found at " + dir + ": install it with: sudo apt-get install dataset-fashion-mnist";
    }

    /**
     * Loads train and test images from dir (null: {@link #defaultDir()}), checking magic numbers and
     * sizes (60,000 and 10,000 images of 28 x 28).
     *
     * @throws NoSuchFileException with {@link #notFoundMessage} if a file is missing
     * @throws IOException if a file is unreadable, truncated or not the expected IDX file
     */
    public static Dataset load(Path dir) throws IOException {
        Path root = dir == null ? defaultDir() : dir;
        Path train = root.resolve(TRAIN_IMAGES);
        Path test = root.resolve(TEST_IMAGES);
        for (Path p : new Path[] {train, test}) {
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString(), null, notFoundMessage(root));
            }
        }
        Images tr = readImages(train, TRAIN_COUNT, DIM);
        Images te = readImages(test, TEST_COUNT, DIM);
        return new Dataset(root, tr.vectors(), te.vectors());
    }

    /**
     * Reads an IDX image file, gunzipping it when its name ends in ".gz".
     *
     * @param expectedCount required number of images, or -1 for any
     * @param expectedDim required rows * cols, or -1 for any
     */
    public static Images readImages(Path file, int expectedCount, int expectedDim) throws IOException {
        try (InputStream raw = Files.newInputStream(file)) {
            InputStream in = file.getFileName().toString().endsWith(".gz")
                    ? new GZIPInputStream(raw, 1 << 16)
                    : new BufferedInputStream(raw, 1 << 16);
            try {
                return readImages(in, expectedCount, expectedDim);
            } catch (IOException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads an (uncompressed) IDX image stream to its end; see {@link #readImages(Path, int, int)}.
     *
     * @throws IOException on a wrong magic number, unexpected sizes, truncation or trailing bytes
     */
    public static Images readImages(InputStream in, int expectedCount, int expectedDim) throws IOException {
        DataInputStream data = new DataInputStream(in);
        int magic;
        int count;
        int rows;
        int cols;
        try {
            magic = data.readInt();
            if (magic != IDX3_UBYTE_MAGIC) {
                throw new IOException(String.format(
                        "not an IDX3 unsigned-byte image file: magic 0x%08x, expected 0x%08x",
                        magic, IDX3_UBYTE_MAGIC));
            }
            count = data.readInt();
            rows = data.readInt();
            cols = data.readInt();
        } catch (EOFException e) {
            throw new IOException("truncated IDX header", e);
        }
        if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 16) {
            throw new IOException("bad IDX dimensions " + count + " x " + rows + " x " + cols);
        }
        if (expectedCount >= 0 && count != expectedCount) {
            throw new IOException("expected " + expectedCount + " images, the header says " + count);
        }
        if (expectedDim >= 0 && rows * cols != expectedDim) {
            throw new IOException("expected images of " + expectedDim + " pixels, got " + rows + " x " + cols);
        }
        int total = count * rows * cols;
        float[] vectors = new float[total];
        byte[] buf = new byte[1 << 16];
        int done = 0;
        while (done < total) {
            int r = data.read(buf, 0, Math.min(buf.length, total - done));
            if (r < 0) {
                throw new IOException("truncated IDX data: " + done + " of " + total + " pixel bytes");
            }
            for (int i = 0; i < r; i++) {
                vectors[done + i] = buf[i] & 0xff;
            }
            done += r;
        }
        if (data.read() != -1) {
            throw new IOException("trailing bytes after " + total + " pixel bytes");
        }
        return new Images(count, rows, cols, vectors);
    }
}
