package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlatL2;

class IndexFlatL2ConformanceTest extends BaseIndexTestCase {
    @Override
    protected Index createIndex(int d) {
        return new IndexFlatL2(d);
    }
}
