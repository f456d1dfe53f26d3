package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexHNSWPQ;
import dev.annvil.IndexPQ;

/**
 * IndexHNSWPQ (d = 39, 13 sub-quantizers of 8 bits, M = 16) through the conformance suite.
 * efSearch = 2,048 holds every node of the suite's databases, so search is exhaustive over the
 * decoded vectors and recall is that of the PQ codes: measured 0.77 (L2) and 0.825 (inner
 * product), as IndexPQ's. The first createIndex of a metric trains the PQ through the HNSW index
 * on 10,000 seeded uniform vectors; later ones copy its centroids.
 */
class IndexHNSWPQConformanceTest extends BaseQuantizerIndexTestCase {
    IndexHNSWPQConformanceTest() {
        super(Codes.PQ_8BIT, Structure.HNSW);
    }

    @Override
    protected Index createIndex(int d) {
        IndexHNSWPQ index = new IndexHNSWPQ(d, PQ_M, 16, PQ_NBITS, metric());
        float[] centroids = trainedOnce("IndexHNSWPQ " + metric(), () -> {
            index.train(10_000, TestData.uniform(SEED + 99, 10_000, d));
            return index.pq().getCentroids().clone();
        });
        if (!index.isTrained()) {
            index.pq().setCentroids(centroids);
            ((IndexPQ) index.storage()).setTrained(true);
        }
        index.setEfSearch(IndexHNSWFlatConformanceTest.EF_SEARCH);
        return index;
    }
}
