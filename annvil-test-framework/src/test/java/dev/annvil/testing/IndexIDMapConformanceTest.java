package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIDMap;

class IndexIDMapConformanceTest extends BaseIndexTestCase {
    @Override
    protected Index createIndex(int d) {
        return new IndexIDMap(new IndexFlatL2(d));
    }

    @Override
    protected boolean usesIds() {
        return true;
    }

    /** FAISS's IndexIDMap has no reconstruct; IndexIDMap2 adds it. */
    @Override
    protected boolean supportsReconstruct() {
        return false;
    }
}
