package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexPQ;

/**
 * IndexPQ through the conformance suite: d = 39 (odd sub-vectors of 3 components: SIMD tails),
 * M = 13, nbits = 8, trained once on 10,000 seeded uniform vectors (the same distribution as the
 * suite's data); each index gets a copy of the centroids. Measured 10-recall@10: 0.77 (L2) and
 * 0.825 (inner product).
 */
class IndexPQConformanceTest extends BaseQuantizerIndexTestCase {
    IndexPQConformanceTest() {
        super(Codes.PQ_8BIT, Structure.FLAT);
    }

    @Override
    protected Index createIndex(int d) {
        float[] centroids = trainedOnce("IndexPQ", () -> {
            IndexPQ index = new IndexPQ(PQ_D, PQ_M, PQ_NBITS);
            index.train(10_000, TestData.uniform(SEED + 99, 10_000, PQ_D));
            return index.pq().getCentroids().clone();
        });
        IndexPQ index = new IndexPQ(d, PQ_M, PQ_NBITS, metric());
        index.pq().setCentroids(centroids);
        index.setTrained(true);
        return index;
    }
}
