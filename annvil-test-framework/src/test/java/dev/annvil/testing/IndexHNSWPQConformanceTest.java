package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexHNSWPQ;
import dev.annvil.IndexPQ;
import dev.annvil.MetricType;
import java.util.EnumMap;
import java.util.Map;

/**
 * IndexHNSWPQ (d = 39, 13 sub-quantizers of 8 bits, M = 16) through the conformance suite.
 * efSearch = 2,048 holds every node of the suite's databases, so search is exhaustive over the
 * decoded vectors and recall is that of the PQ codes. The first createIndex of a metric trains
 * the PQ through the HNSW index on 10,000 seeded uniform vectors; later ones copy its centroids.
 */
class IndexHNSWPQConformanceTest extends BaseIndexTestCase {
    private static final int D = 39;
    private static final int PQ_M = 13;
    private static final Map<MetricType, float[]> CENTROIDS = new EnumMap<>(MetricType.class);

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

    @Override
    protected Index createIndex(int d) {
        IndexHNSWPQ index = new IndexHNSWPQ(d, PQ_M, 16, 8, pqMetric());
        synchronized (CENTROIDS) {
            float[] c = CENTROIDS.get(pqMetric());
            if (c == null) {
                index.train(10_000, TestData.uniform(SEED + 99, 10_000, d));
                CENTROIDS.put(pqMetric(), index.pq().getCentroids().clone());
            } else {
                index.pq().setCentroids(c);
                ((IndexPQ) index.storage()).setTrained(true);
            }
        }
        index.setEfSearch(IndexHNSWFlatConformanceTest.EF_SEARCH);
        return index;
    }

    /** Measured 0.77 (L2) and 0.825 (inner product), as IndexPQ's. */
    @Override
    protected double recallFloor() {
        return 0.7;
    }

    /** A graph search, not exhaustive: the graph is built by several threads, so its exact shape (and which
     * vectors a range search reaches) varies between runs. */
    @Override
    protected boolean exhaustiveSearch() {
        return false;
    }

    @Override
    protected boolean removeKeepsLabels() {
        return true;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }

    @Override
    protected double reconstructTolerance() {
        return 0.25;
    }

    @Override
    protected double distanceTolerance(double dis) {
        return 0.5 + 0.1 * Math.abs(dis);
    }

    @Override
    protected double rangeCountSlack() {
        return 10;
    }
}
