package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexScalarQuantizer;
import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/**
 * IndexScalarQuantizer QT_8bit (L2) through the conformance suite, trained on 2,000 seeded
 * uniform vectors (the suite's distribution). Subclasses cover other types and metrics.
 */
class IndexScalarQuantizerConformanceTest extends BaseIndexTestCase {

    protected QuantizerType qtype() {
        return QuantizerType.QT_8bit;
    }

    protected MetricType sqMetric() {
        return MetricType.L2;
    }

    @Override
    protected MetricType metric() {
        return sqMetric();
    }

    @Override
    protected Index createIndex(int d) {
        IndexScalarQuantizer index = new IndexScalarQuantizer(d, qtype(), sqMetric());
        index.train(2000, TestData.uniform(SEED + 77, 2000, d));
        return index;
    }

    /** Measured 0.995 (L2) and 0.9925 (inner product) on the suite's data; one cell of 8 bits is 1/255 of the range. */
    @Override
    protected double recallFloor() {
        return 0.95;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }

    /** Half a cell: range / 255 / 2, plus the range lost by training on a sample. */
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
