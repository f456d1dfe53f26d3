package dev.annvil.impl;

/**
 * FAISS's {@code RandomGenerator}: a 32-bit Mersenne Twister (MT19937, the engine of C++'s {@code
 * std::mt19937}) with FAISS's derivations, so that a seed draws the same numbers as in FAISS. HNSW
 * relies on this to assign the same levels as FAISS (seed 12345) and to shuffle insertions in
 * the same order (seed 789).
 *
 * <p>Not thread-safe: one generator per thread or per structure.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/utils/random.h">faiss/utils/random.h</a>
 * @see <a href="https://doi.org/10.1145/272991.272995">M. Matsumoto, T. Nishimura, "Mersenne Twister: a
 *     623-dimensionally equidistributed uniform pseudo-random number generator", ACM TOMACS 1998</a>
 */
public final class RandomGenerator {
    private static final int N = 624;
    private static final int M = 397;

    private final int[] mt = new int[N];
    private int mti;

    /** Seeds the generator as {@code std::mt19937((unsigned int) seed)}. */
    public RandomGenerator(long seed) {
        mt[0] = (int) seed;
        for (int i = 1; i < N; i++) {
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        mti = N;
    }

    /** The next raw 32-bit output, as an unsigned value in [0, 2^32). */
    public long next() {
        if (mti >= N) {
            twist();
        }
        int y = mt[mti++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void twist() {
        for (int i = 0; i < N; i++) {
            int y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
            int v = mt[(i + M) % N] ^ (y >>> 1);
            mt[i] = (y & 1) != 0 ? v ^ 0x9908b0df : v;
        }
        mti = 0;
    }

    /** FAISS {@code rand_int(max)}: {@code mt() % max}, in [0, max). */
    public int randInt(int max) {
        return (int) (next() % max);
    }

    /** FAISS {@code rand_float()}: {@code mt() / float(mt.max())}, in [0, 1], computed in float. */
    public float randFloat() {
        return (float) next() / 4294967295f;
    }
}
