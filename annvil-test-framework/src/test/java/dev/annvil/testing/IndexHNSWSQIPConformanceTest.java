package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexHNSWSQConformanceTest} with inner product (graph built on negated inner products, as FAISS). */
class IndexHNSWSQIPConformanceTest extends IndexHNSWSQConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
