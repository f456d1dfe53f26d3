package dev.annvil.testing;

import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/** IndexScalarQuantizer QT_fp16 (no training) through the conformance suite. */
class IndexScalarQuantizerFp16ConformanceTest extends IndexScalarQuantizerConformanceTest {
    @Override
    protected QuantizerType qtype() {
        return QuantizerType.QT_fp16;
    }

    /** float16 keeps 11 significant bits: near-exact ranking (measured 1.0). */
    @Override
    protected double recallFloor() {
        return 0.99;
    }

    /** Values in [0, 1): float16 rounding error at most 2^-12. */
    @Override
    protected double reconstructTolerance() {
        return 0x1p-12;
    }

    @Override
    protected double distanceTolerance(double dis) {
        return 1e-3 * Math.max(1, Math.abs(dis)) + 0.01;
    }
}
