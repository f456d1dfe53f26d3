package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexIDMap2;
import dev.annvil.MetricType;

/** IndexIDMap2 over an inner-product flat index, so the wrapper is tested with both metrics. */
class IndexIDMap2ConformanceTest extends BaseIndexTestCase {
    @Override
    protected Index createIndex(int d) {
        return new IndexIDMap2(new IndexFlatIP(d));
    }

    @Override
    protected boolean usesIds() {
        return true;
    }

    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
