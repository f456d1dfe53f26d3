package dev.annvil.bench.data;

import java.util.SplittableRandom;

/**
 * A seeded Gaussian-mixture data set ({@code synthetic-128}): {@link #CLUSTERS} centres drawn from
 * N(0, 1) per component, each vector a centre chosen uniformly at random plus N(0, {@link #SIGMA}^2)
 * noise per component. Queries come from the same mixture with a different random stream, so they
 * are not copies of database vectors. The same (seed, n, d) always gives the same floats, on any
 * machine (java.util.SplittableRandom is specified bit for bit).
 */
public final class Synthetic {
    /** Number of mixture components. */
    public static final int CLUSTERS = 100;
    /** Standard deviation of the noise around a centre, per component. */
    public static final double SIGMA = 0.5;
    /** Default seed. */
    public static final long DEFAULT_SEED = 20260501L;

    private Synthetic() {}

    /**
     * nb database vectors and nq queries of dimension d, row-major.
     *
     * @return {base (nb * d), query (nq * d)}
     */
    public static float[][] generate(long seed, int nb, int nq, int d) {
        if (nb < 1 || nq < 1 || d < 1) {
            throw new IllegalArgumentException("nb=" + nb + ", nq=" + nq + ", d=" + d + " must all be >= 1");
        }
        SplittableRandom centresRng = new SplittableRandom(seed);
        float[] centres = new float[CLUSTERS * d];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = (float) centresRng.nextGaussian();
        }
        float[] base = sample(new SplittableRandom(seed + 1), centres, nb, d);
        float[] query = sample(new SplittableRandom(seed + 2), centres, nq, d);
        return new float[][] {base, query};
    }

    private static float[] sample(SplittableRandom rng, float[] centres, int n, int d) {
        float[] x = new float[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(CLUSTERS);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) (centres[c * d + j] + SIGMA * rng.nextGaussian());
            }
        }
        return x;
    }
}
