package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexRefineFlatConformanceTest} with inner product. */
class IndexRefineFlatIPConformanceTest extends IndexRefineFlatConformanceTest {
    @Override
    protected MetricType refineMetric() {
        return MetricType.INNER_PRODUCT;
    }
}
