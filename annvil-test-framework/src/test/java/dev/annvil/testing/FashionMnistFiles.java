package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/** Seeded subsets of Debian's Fashion-MNIST IDX files (784-d uint8 pixels as floats), for the recall tests. */
final class FashionMnistFiles {
    static final int D = 784;

    private FashionMnistFiles() {}

    /** Images of a gzip IDX3 file as floats (rows.length * 784, row-major), rows picked by index. */
    static float[] load(Path file, int[] rows) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
                DataInputStream data = new DataInputStream(in)) {
            assertThat(data.readInt()).as("IDX3 magic of " + file).isEqualTo(0x803);
            int count = data.readInt();
            int dim = data.readInt() * data.readInt();
            assertThat(dim).isEqualTo(D);
            byte[] all = data.readNBytes(count * dim);
            float[] x = new float[rows.length * D];
            for (int i = 0; i < rows.length; i++) {
                for (int j = 0; j < D; j++) {
                    x[i * D + j] = all[rows[i] * D + j] & 0xFF;
                }
            }
            return x;
        }
    }

    /** m distinct indexes out of 0 .. n-1, a seeded partial Fisher-Yates shuffle. */
    static int[] sample(int n, int m, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < m; i++) {
            int j = i + r.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return Arrays.copyOf(perm, m);
    }
}
