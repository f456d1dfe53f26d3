package dev.annvil;

import dev.annvil.impl.RandomGenerator;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * k-means clustering of n vectors of dimension d into k centroids (Lloyd's algorithm), as FAISS
 * does it: training points beyond k * maxPointsPerCentroid are subsampled, centroids start at k
 * distinct random points (both drawn with FAISS's generator and seeds, so a seed picks the same
 * points as in FAISS), each iteration assigns every point to its nearest centroid through an
 * {@link Index} (a flat index: batched and multi-threaded) and moves each centroid to the mean of
 * its points; empty clusters are refilled by splitting a large one. With nredo &gt; 1 the run with
 * the best objective wins.
 *
 * <p>Objective: the sum over training points of the squared L2 distance to their centroid (for an
 * inner-product assignment index, the sum of inner products, which is maximised).
 *
 * <p>Not thread-safe: one {@link #train} at a time. Results depend on the seed, not on the number
 * of threads.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/Clustering.h">faiss/Clustering.h</a>
 * @see <a href="https://doi.org/10.1109/TIT.1982.1056489">S. Lloyd, Least squares quantization in PCM, 1982</a>
 */
public class Clustering {
    private static final System.Logger LOG = System.getLogger(Clustering.class.getName());
    private static final float EPS = 1f / 1024;

    private final int d;
    private final int k;
    private final ClusteringParameters cp;
    private float[] centroids = new float[0];
    private final List<Double> objectives = new ArrayList<>();

    /**
     * @param d dimension of the vectors
     * @param k number of centroids
     * @param cp parameters (FAISS's defaults: {@link ClusteringParameters#DEFAULT})
     * @throws IllegalArgumentException if d &lt; 1 or k &lt; 1
     */
    public Clustering(int d, int k, ClusteringParameters cp) {
        Checks.positive("d", d);
        Checks.positive("k", k);
        this.d = d;
        this.k = k;
        this.cp = Objects.requireNonNull(cp, "cp is null");
    }

    /** Clustering with FAISS's default parameters. */
    public Clustering(int d, int k) {
        this(d, k, ClusteringParameters.DEFAULT);
    }

    /** Dimension. */
    public int d() {
        return d;
    }

    /** Number of centroids. */
    public int k() {
        return k;
    }

    /** The centroids after training: k * d floats, row-major (empty before). */
    public float[] centroids() {
        return centroids.clone();
    }

    /** Objective after each iteration of the best run (FAISS: iteration_stats[i].obj). */
    public List<Double> objectives() {
        return Collections.unmodifiableList(objectives);
    }

    /** Final objective of the best run, or NaN before training. */
    public double objective() {
        return objectives.isEmpty() ? Double.NaN : objectives.get(objectives.size() - 1);
    }

    /** {@link #train(int, float[], Index, ProgressListener)} without progress reports. */
    public void train(int n, float[] x, Index index) {
        train(n, x, index, ProgressListener.NONE);
    }

    /**
     * Trains the centroids on n vectors. On return {@code index} holds exactly the k centroids.
     *
     * @param n number of training vectors
     * @param x n * d floats, row-major
     * @param index assignment index of dimension d (usually {@link IndexFlatL2}); it is reset
     * @param listener progress per iteration; may cancel
     * @throws IllegalArgumentException if n &lt; k, x is too short or index.d() != d
     * @throws java.util.concurrent.CancellationException if the listener cancels (centroids unchanged)
     */
    public void train(int n, float[] x, Index index, ProgressListener listener) {
        Checks.batch(n, x, d);
        Objects.requireNonNull(index, "index is null");
        Objects.requireNonNull(listener, "listener is null");
        if (index.d() != d) {
            throw new IllegalArgumentException("index.d()=" + index.d() + " but the clustering has d=" + d);
        }
        if (n < k) {
            throw new IllegalArgumentException("Number of training points (" + n
                    + ") should be at least as large as number of clusters (" + k + ")");
        }
        if (n == k) {
            centroids = Arrays.copyOf(x, n * d);
            objectives.clear();
            objectives.add(0.0);
            index.reset();
            index.add(k, centroids);
            return;
        }
        long maxPoints = (long) k * cp.maxPointsPerCentroid();
        if (n > maxPoints) {
            LOG.log(Level.DEBUG, "Sampling a subset of " + maxPoints + " / " + n + " for training");
            x = subsample(n, x, (int) maxPoints);
            n = (int) maxPoints;
        } else if (n < (long) k * cp.minPointsPerCentroid()) {
            LOG.log(
                    Level.WARNING,
                    "WARNING clustering " + n + " points to " + k + " centroids: please provide at least "
                            + (long) k * cp.minPointsPerCentroid() + " training points");
        }
        boolean lowerIsBetter = index.metricType() == MetricType.L2;
        double bestObj = Double.NaN;
        float[] best = null;
        List<Double> bestStats = null;
        float[] dis = new float[n];
        long[] assign = new long[n];
        for (int redo = 0; redo < cp.nredo(); redo++) {
            float[] c = initialCentroids(n, x, cp.seed() + 1 + 15486557L * redo);
            List<Double> stats = new ArrayList<>();
            for (int it = 0; it < cp.niter(); it++) {
                index.reset();
                index.add(k, c);
                index.search(n, x, 1, dis, assign);
                double obj = 0;
                for (int i = 0; i < n; i++) {
                    obj += dis[i];
                }
                stats.add(obj);
                c = updateCentroids(n, x, assign, c);
                listener.progress(
                        "k-means iteration " + (it + 1) + "/" + cp.niter(),
                        (double) (redo * cp.niter() + it + 1) / ((long) cp.nredo() * cp.niter()));
            }
            double obj = stats.isEmpty() ? Double.NaN : stats.get(stats.size() - 1);
            if (best == null || (lowerIsBetter ? obj < bestObj : obj > bestObj)) {
                best = c;
                bestObj = obj;
                bestStats = stats;
            }
        }
        centroids = best;
        objectives.clear();
        objectives.addAll(bestStats);
        index.reset();
        index.add(k, centroids);
    }

    private float[] subsample(int n, float[] x, int m) {
        int[] perm = permutation(n, cp.seed());
        float[] out = new float[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(x, perm[i] * d, out, i * d, d);
        }
        return out;
    }

    private float[] initialCentroids(int n, float[] x, long seed) {
        int[] perm = permutation(n, seed);
        float[] c = new float[k * d];
        for (int i = 0; i < k; i++) {
            System.arraycopy(x, perm[i] * d, c, i * d, d);
        }
        if (cp.spherical()) {
            normalize(c);
        }
        return c;
    }

    /**
     * A seeded random permutation of 0 .. n-1, FAISS's {@code rand_perm}: the same seed gives the
     * same permutation as FAISS, so subsamples and initial centroids are FAISS's own.
     */
    static int[] permutation(int n, long seed) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        RandomGenerator rng = new RandomGenerator(seed);
        for (int i = 0; i + 1 < n; i++) {
            int j = i + rng.randInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /**
     * Means of the assigned points; empty clusters are split off large ones as FAISS's {@code
     * split_clusters} does, with its generator (seeded 1234 at every iteration).
     */
    private float[] updateCentroids(int n, float[] x, long[] assign, float[] previous) {
        double[] sums = new double[k * d];
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            int c = (int) assign[i];
            counts[c]++;
            int off = c * d;
            int xOff = i * d;
            for (int j = 0; j < d; j++) {
                sums[off + j] += x[xOff + j];
            }
        }
        float[] c = new float[k * d];
        for (int ci = 0; ci < k; ci++) {
            if (counts[ci] == 0) {
                System.arraycopy(previous, ci * d, c, ci * d, d);
                continue;
            }
            double inv = 1.0 / counts[ci];
            for (int j = 0; j < d; j++) {
                c[ci * d + j] = (float) (sums[ci * d + j] * inv);
            }
        }
        RandomGenerator rng = null;
        for (int ci = 0; ci < k; ci++) {
            if (counts[ci] != 0) {
                continue;
            }
            if (rng == null) {
                rng = new RandomGenerator(1234);
            }
            int cj = 0;
            while (true) {
                float p = (float) ((counts[cj] - 1.0) / (float) (n - k));
                if (rng.randFloat() < p) {
                    break;
                }
                cj = (cj + 1) % k;
            }
            System.arraycopy(c, cj * d, c, ci * d, d);
            for (int j = 0; j < d; j++) {
                boolean even = j % 2 == 0;
                c[ci * d + j] *= even ? 1 + EPS : 1 - EPS;
                c[cj * d + j] *= even ? 1 - EPS : 1 + EPS;
            }
            counts[ci] = counts[cj] / 2;
            counts[cj] -= counts[ci];
        }
        if (cp.spherical()) {
            normalize(c);
        }
        return c;
    }

    private void normalize(float[] c) {
        for (int i = 0; i < k; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                s += (double) c[i * d + j] * c[i * d + j];
            }
            if (s > 0) {
                float inv = (float) (1.0 / Math.sqrt(s));
                for (int j = 0; j < d; j++) {
                    c[i * d + j] *= inv;
                }
            }
        }
    }
}
