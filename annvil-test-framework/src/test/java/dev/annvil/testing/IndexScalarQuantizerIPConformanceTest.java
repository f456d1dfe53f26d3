package dev.annvil.testing;

import dev.annvil.MetricType;

/** IndexScalarQuantizer QT_8bit with the inner-product metric through the conformance suite. */
class IndexScalarQuantizerIPConformanceTest extends IndexScalarQuantizerConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
