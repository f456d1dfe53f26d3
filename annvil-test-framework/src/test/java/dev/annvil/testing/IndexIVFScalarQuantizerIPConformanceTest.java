package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexIVFScalarQuantizerConformanceTest} with inner product. */
class IndexIVFScalarQuantizerIPConformanceTest extends IndexIVFScalarQuantizerConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
