package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexIVFFlatConformanceTest} with inner product (spherical k-means, as FAISS). */
class IndexIVFFlatIPConformanceTest extends IndexIVFFlatConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
