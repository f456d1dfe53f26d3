package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlatIP;
import dev.annvil.MetricType;

class IndexFlatIPConformanceTest extends BaseIndexTestCase {
    @Override
    protected Index createIndex(int d) {
        return new IndexFlatIP(d);
    }

    @Override
    protected MetricType metric() {
        return MetricType.INNER_PRODUCT;
    }
}
