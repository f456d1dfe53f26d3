package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexHNSWPQConformanceTest} with inner product. */
class IndexHNSWPQIPConformanceTest extends IndexHNSWPQConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
