package dev.annvil;

/**
 * The convenience k-means object of FAISS's Python API: trains k centroids and assigns vectors to
 * them. Uses an {@link IndexFlatL2} for assignment, or an {@link IndexFlatIP} when spherical.
 *
 * <p>Not thread-safe during {@link #train}; {@link #assign} may run concurrently after training.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/python/extra_wrappers.py">faiss Kmeans</a>
 */
public class Kmeans {
    private final Clustering clustering;
    private final IndexFlat index;

    /**
     * @param d dimension
     * @param k number of centroids
     * @param cp parameters
     * @throws IllegalArgumentException if d &lt; 1 or k &lt; 1
     */
    public Kmeans(int d, int k, ClusteringParameters cp) {
        this.clustering = new Clustering(d, k, cp);
        this.index = cp.spherical() ? new IndexFlatIP(d) : new IndexFlatL2(d);
    }

    /**
     * Trains on n vectors (n * d floats, row-major) and returns the final objective (sum of squared
     * L2 distances to the assigned centroids).
     *
     * @throws IllegalArgumentException if n &lt; k or x is too short
     */
    public double train(int n, float[] x, ProgressListener listener) {
        clustering.train(n, x, index, listener);
        return clustering.objective();
    }

    /** {@link #train(int, float[], ProgressListener)} without progress. */
    public double train(int n, float[] x) {
        return train(n, x, ProgressListener.NONE);
    }

    /** The centroids: k * d floats, row-major. */
    public float[] centroids() {
        return clustering.centroids();
    }

    /** The clustering (objective per iteration). */
    public Clustering clustering() {
        return clustering;
    }

    /**
     * Nearest centroid of each of n vectors.
     *
     * @param distances output, n floats (squared L2 or inner product)
     * @param labels output, n centroid numbers
     * @throws IllegalStateException if not trained
     */
    public void assign(int n, float[] x, float[] distances, long[] labels) {
        if (index.ntotal() == 0) {
            throw new IllegalStateException("Kmeans: train before assign");
        }
        index.search(n, x, 1, distances, labels);
    }
}
