package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexPQ;
import dev.annvil.IndexRefineFlat;
import dev.annvil.MetricType;
import java.util.EnumMap;
import java.util.Map;

/**
 * IndexRefineFlat over IndexPQ (d = 39, M = 13, nbits = 8) with kFactor = 50: the exact
 * re-ranking of 50 * k PQ candidates finds the true neighbours of the suite's data, so the index
 * passes as exact (recall floor 1.0, true distances). The first createIndex of a metric trains the PQ
 * through the refine index on 10,000 seeded uniform vectors; later ones copy its centroids.
 */
class IndexRefineFlatConformanceTest extends BaseIndexTestCase {
    private static final int D = 39;
    private static final int M = 13;

    @Override
    protected int d() {
        return D;
    }

    protected MetricType refineMetric() {
        return MetricType.L2;
    }

    @Override
    protected MetricType metric() {
        return refineMetric();
    }

    private static final Map<MetricType, float[]> CENTROIDS = new EnumMap<>(MetricType.class);

    @Override
    protected Index createIndex(int d) {
        IndexRefineFlat index;
        synchronized (CENTROIDS) {
            float[] c = CENTROIDS.get(refineMetric());
            if (c == null) {
                index = new IndexRefineFlat(new IndexPQ(d, M, 8, refineMetric()));
                index.train(10_000, TestData.uniform(SEED + 99, 10_000, d));
                CENTROIDS.put(
                        refineMetric(),
                        ((IndexPQ) index.baseIndex()).pq().getCentroids().clone());
            } else {
                IndexPQ pq = new IndexPQ(d, M, 8, refineMetric());
                pq.pq().setCentroids(c);
                pq.setTrained(true);
                index = new IndexRefineFlat(pq);
            }
        }
        index.setKFactor(50);
        return index;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }
}
