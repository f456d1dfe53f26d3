package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexHNSWFlat;

/**
 * IndexHNSWFlat passes the conformance suite as an exact index: the suite's databases have at most
 * 2,000 vectors, and efSearch = 2,048 makes the level-0 beam hold every node, so the search visits
 * the whole (connected) graph.
 */
class IndexHNSWFlatConformanceTest extends BaseIndexTestCase {
    static final int EF_SEARCH = 2048;

    @Override
    protected Index createIndex(int d) {
        IndexHNSWFlat index = new IndexHNSWFlat(d, 16);
        index.setEfSearch(EF_SEARCH);
        return index;
    }

    /** Removal marks vectors deleted: labels do not change. */
    @Override
    protected boolean removeKeepsLabels() {
        return true;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }
}
