package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * Seeded subsets of Debian's Fashion-MNIST IDX files (784-d uint8 pixels as floats), for the recall
 * tests against FAISS. The files are read from {@code /usr/share/datasets/fashion-mnist}
 * (package dataset-fashion-mnist), or from {@code -Dannvil.fashionMnist.dir}.
 */
final class FashionMnistFiles {
    static final int D = 784;
    static final Path DIR = Path.of(System.getProperty("annvil.fashionMnist.dir", "/usr/share/datasets/fashion-mnist"));
    /** The 60,000 training images: base vectors of the subsets. */
    static final Path TRAIN = DIR.resolve("train-images-idx3-ubyte.gz");
    /** The 10,000 test images: queries of the subsets. */
    static final Path TEST = DIR.resolve("t10k-images-idx3-ubyte.gz");

    private FashionMnistFiles() {}

    /**
     * A seeded subset: xb holds nb distinct training images, xq nq distinct test images, each
     * row-major with d = 784 (raw pixel values 0 .. 255).
     */
    record Subset(float[] xb, float[] xq) {
        /** Writes xb.bin and xq.bin (float32, little-endian) to dir, for a FAISS script run there. */
        void writeTo(Path dir) throws IOException {
            FaissPython.writeFloats(dir.resolve("xb.bin"), xb);
            FaissPython.writeFloats(dir.resolve("xq.bin"), xq);
        }
    }

    /**
     * nb training images picked with {@code seed} and nq test images picked with {@code seed + 1};
     * aborts the calling test (a JUnit assumption) when the files are absent.
     */
    static Subset subset(int nb, int nq, long seed) throws IOException {
        assumeTrue(
                Files.exists(TRAIN) && Files.exists(TEST),
                "Fashion-MNIST missing under " + DIR + ": apt-get install dataset-fashion-mnist");
        return new Subset(load(TRAIN, nb, seed), load(TEST, nq, seed + 1));
    }

    /** m distinct images of a gzip IDX3 file, picked by a seeded shuffle, as m * 784 floats. */
    static float[] load(Path file, int m, long seed) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).as("IDX3 magic of " + file).isEqualTo(0x803);
            int count = data.readInt();
            int dim = data.readInt() * data.readInt();
            assertThat(dim).isEqualTo(D);
            byte[] all = data.readNBytes(count * dim);
            int[] rows = sample(count, m, seed);
            float[] x = new float[m * D];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < D; j++) {
                    x[i * D + j] = all[rows[i] * D + j] & 0xFF;
                }
            }
            return x;
        }
    }

    /**
     * m distinct indexes out of 0 .. n-1, a seeded partial Fisher-Yates shuffle. java.util.Random, as
     * FaissIvfRecallTest always drew its subset: its two-sided 0.01 recall tolerance at nprobe 1 and
     * 4 is about the spread of k-means seeds, so it keeps the subset it was measured on.
     */
    static int[] sample(int n, int m, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random r = new Random(seed);
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, m);
    }
}
