package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexHNSWSQ;
import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/**
 * IndexHNSWSQ (QT_8bit, M = 16) through the conformance suite, trained inside createIndex on 2,000
 * seeded uniform vectors (the suite's distribution). efSearch = 2,048 holds every node of the
 * suite's databases (at most 2,000 vectors), so search is exhaustive over the decoded vectors and
 * recall is that of the 8-bit codes.
 */
class IndexHNSWSQConformanceTest extends BaseIndexTestCase {

    protected MetricType sqMetric() {
        return MetricType.L2;
    }

    @Override
    protected MetricType metric() {
        return sqMetric();
    }

    @Override
    protected Index createIndex(int d) {
        IndexHNSWSQ index = new IndexHNSWSQ(d, QuantizerType.QT_8bit, 16, sqMetric());
        index.train(2000, TestData.uniform(SEED + 77, 2000, d));
        index.setEfSearch(IndexHNSWFlatConformanceTest.EF_SEARCH);
        return index;
    }

    /** Measured 0.995 (L2) and 0.99 (inner product), as IndexScalarQuantizer's. */
    @Override
    protected double recallFloor() {
        return 0.95;
    }

    /** The beam holds every node: every stored vector can be returned. */
    /** A graph search, not exhaustive: the graph is built by several threads, so its exact shape (and which
     * vectors a range search reaches) varies between runs. */
    @Override
    protected boolean exhaustiveSearch() {
        return false;
    }

    /** Removal marks vectors deleted: labels do not change. */
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
        return 0.5 / 255 + 1e-3;
    }

    @Override
    protected double distanceTolerance(double dis) {
        return 0.02 + 0.01 * Math.abs(dis);
    }

    @Override
    protected double rangeCountSlack() {
        return 4;
    }
}
