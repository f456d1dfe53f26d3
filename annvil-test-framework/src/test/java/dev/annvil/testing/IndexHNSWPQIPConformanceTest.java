package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexHNSWPQConformanceTest} with inner product. */
class IndexHNSWPQIPConformanceTest extends IndexHNSWPQConformanceTest {
    @Override
    protected MetricType pqMetric() {
        return MetricType.INNER_PRODUCT;
    }
}
