package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexPQ;
import dev.annvil.MetricType;

/**
 * IndexPQ through the conformance suite: d = 39 (odd sub-vectors of 3 components: SIMD tails),
 * M = 13, nbits = 8, trained once on 10,000 seeded uniform vectors (the same distribution as the
 * suite's data); each index gets a copy of the centroids.
 */
class IndexPQConformanceTest extends BaseIndexTestCase {
    private static final int D = 39;
    private static final int M = 13;
    private static float[] centroids;

    @Override
    protected int d() {
        return D;
    }

    protected MetricType pqMetric() {
        return MetricType.L2;
    }

    @Override
    protected MetricType metric() {
        return pqMetric();
    }

    private static synchronized float[] trainedCentroids() {
        if (centroids == null) {
            IndexPQ index = new IndexPQ(D, M, 8);
            index.train(10_000, TestData.uniform(SEED + 99, 10_000, D));
            centroids = index.pq().getCentroids().clone();
        }
        return centroids;
    }

    @Override
    protected Index createIndex(int d) {
        IndexPQ index = new IndexPQ(d, M, 8, pqMetric());
        index.pq().setCentroids(trainedCentroids());
        index.setTrained(true);
        return index;
    }

    /** Measured 0.77 (L2) and 0.825 (inner product) at 8 bits per 3 dimensions of uniform data. */
    @Override
    protected double recallFloor() {
        return 0.7;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }

    /** Half a cell of a 256-centroid quantizer of the unit cube in 3 dimensions, with margin. */
    @Override
    protected double reconstructTolerance() {
        return 0.25;
    }

    /** ADC distances are to the decoded vectors: error up to about 2 ||x - y|| ||y - decoded(y)||. */
    @Override
    protected double distanceTolerance(double dis) {
        return 0.5 + 0.1 * Math.abs(dis);
    }

    @Override
    protected double rangeCountSlack() {
        return 10;
    }
}
