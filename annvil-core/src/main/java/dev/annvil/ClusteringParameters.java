package dev.annvil;

/**
 * Options of {@link Clustering}, with FAISS's names and defaults.
 *
 * @param niter k-means iterations (default 25)
 * @param nredo runs with different seeds; the best objective wins (default 1)
 * @param spherical normalise centroids to unit L2 norm after each iteration (default false)
 * @param minPointsPerCentroid below this many training points per centroid a warning is logged
 *     (default 39)
 * @param maxPointsPerCentroid above this many points per centroid the training set is subsampled
 *     to k * maxPointsPerCentroid (default 256)
 * @param seed random seed of initialisation and subsampling (default 1234)
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/Clustering.h">faiss ClusteringParameters</a>
 */
public record ClusteringParameters(
        int niter, int nredo, boolean spherical, int minPointsPerCentroid, int maxPointsPerCentroid, long seed) {

    /** FAISS's defaults. */
    public static final ClusteringParameters DEFAULT = new ClusteringParameters(25, 1, false, 39, 256, 1234);

    /** @throws IllegalArgumentException if niter &lt; 0, nredo &lt; 1 or a points-per-centroid bound &lt; 1 */
    public ClusteringParameters {
        Checks.nonNegative("niter", niter);
        Checks.positive("nredo", nredo);
        Checks.positive("minPointsPerCentroid", minPointsPerCentroid);
        Checks.positive("maxPointsPerCentroid", maxPointsPerCentroid);
    }

    /** A copy with another niter. */
    public ClusteringParameters withNiter(int value) {
        return new ClusteringParameters(value, nredo, spherical, minPointsPerCentroid, maxPointsPerCentroid, seed);
    }

    /** A copy with another seed. */
    public ClusteringParameters withSeed(long value) {
        return new ClusteringParameters(niter, nredo, spherical, minPointsPerCentroid, maxPointsPerCentroid, value);
    }

    /** A copy with another spherical flag. */
    public ClusteringParameters withSpherical(boolean value) {
        return new ClusteringParameters(niter, nredo, value, minPointsPerCentroid, maxPointsPerCentroid, seed);
    }

    /** A copy with another maxPointsPerCentroid. */
    public ClusteringParameters withMaxPointsPerCentroid(int value) {
        return new ClusteringParameters(niter, nredo, spherical, minPointsPerCentroid, value, seed);
    }
}
