package dev.annvil.testing;

import dev.annvil.MetricType;

/** {@link IndexIVFPQConformanceTest} with inner product (no precomputed tables, as FAISS). */
class IndexIVFPQIPConformanceTest extends IndexIVFPQConformanceTest {
    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
