package dev.annvil.testing;

import java.util.Random;

/** Seeded test vectors: row-major float arrays of n * d values. */
public final class TestData {
    private TestData() {}

    /** n * d floats uniform in [0, 1), from {@code seed}. */
    public static float[] uniform(long seed, int n, int d) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        return x;
    }

    /** Row i of a row-major batch. */
    public static float[] row(float[] x, int d, int i) {
        float[] v = new float[d];
        System.arraycopy(x, i * d, v, 0, d);
        return v;
    }
}
