package dev.annvil.testing;

import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/** IndexScalarQuantizer QT_4bit (nibble-packed, odd d) through the conformance suite. */
class IndexScalarQuantizer4bitConformanceTest extends IndexScalarQuantizerConformanceTest {
    @Override
    protected QuantizerType qtype() {
        return QuantizerType.QT_4bit;
    }

    /** 16 levels per component on uniform data: measured 0.9075. */
    @Override
    protected double recallFloor() {
        return 0.8;
    }

    @Override
    protected double reconstructTolerance() {
        return 0.5 / 15 + 1e-3;
    }

    @Override
    protected double distanceTolerance(double dis) {
        return 0.2 + 0.05 * Math.abs(dis);
    }

    @Override
    protected double rangeCountSlack() {
        return 12;
    }
}
