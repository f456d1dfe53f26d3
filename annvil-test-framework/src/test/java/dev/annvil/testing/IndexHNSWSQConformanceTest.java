package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexHNSWSQ;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/**
 * IndexHNSWSQ (QT_8bit, M = 16) through the conformance suite, trained inside createIndex on 2,000
 * seeded uniform vectors (the suite's distribution). efSearch = 2,048 holds every node of the
 * suite's databases (at most 2,000 vectors), so search is exhaustive over the decoded vectors and
 * recall is that of the 8-bit codes: measured 0.995 (L2) and 0.99 (inner product), as
 * IndexScalarQuantizer's.
 */
class IndexHNSWSQConformanceTest extends BaseQuantizerIndexTestCase {
    IndexHNSWSQConformanceTest() {
        super(Codes.SQ_8BIT, Structure.HNSW);
    }

    @Override
    protected Index createIndex(int d) {
        IndexHNSWSQ index = new IndexHNSWSQ(d, QuantizerType.QT_8bit, 16, metric());
        index.train(2000, TestData.uniform(SEED + 77, 2000, d));
        index.setEfSearch(IndexHNSWFlatConformanceTest.EF_SEARCH);
        return index;
    }
}
