package dev.annvil.testing;

import dev.annvil.MetricType;

/** IndexPQ with the inner-product metric through the conformance suite. */
class IndexPQIPConformanceTest extends IndexPQConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
