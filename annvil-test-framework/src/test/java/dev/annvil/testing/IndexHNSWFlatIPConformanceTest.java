package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexHNSWFlat;
import dev.annvil.MetricType;

/**
 * {@link IndexHNSWFlatConformanceTest} with inner products. Not exact even with a beam holding
 * every node: inner product is not a metric, and the neighbor-selection heuristic leaves many
 * low-norm vectors without any in-link, so no search reaches them (FAISS 1.7.3 builds the same
 * kind of graph: on 500 uniform vectors of d = 37 with M = 16, 201 nodes have no in-link in both
 * libraries). The top inner products go to high-norm vectors, which are reachable, so recall stays
 * near 1.
 */
class IndexHNSWFlatIPConformanceTest extends IndexHNSWFlatConformanceTest {
    @Override
    protected Index createIndex(int d) {
        IndexHNSWFlat index = new IndexHNSWFlat(d, 16, MetricType.INNER_PRODUCT);
        index.setEfSearch(EF_SEARCH);
        return index;
    }

    @Override
    protected double recallFloor() {
        return 0.99;
    }

    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
