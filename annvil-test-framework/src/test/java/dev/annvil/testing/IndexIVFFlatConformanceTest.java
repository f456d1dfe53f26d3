package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVFFlat;
import dev.annvil.MetricType;
import dev.annvil.invlists.DirectMap;

/**
 * IndexIVFFlat with nprobe = nlist: every list is scanned, so search is exact and passes the
 * suite's recall floor of 1.0. Each index is trained on its own seeded sample inside createIndex
 * and keeps a HASHTABLE direct map, so reconstruct and removeIds both work.
 */
class IndexIVFFlatConformanceTest extends BaseIndexTestCase {
    /** Inverted lists of the test indexes. */
    protected static final int NLIST = 8;

    /** Lists visited per query. */
    protected int nprobe() {
        return NLIST;
    }

    @Override
    protected Index createIndex(int d) {
        Index quantizer = metric() == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
        IndexIVFFlat index = new IndexIVFFlat(quantizer, d, NLIST, metric());
        int nt = 40 * NLIST; // above FAISS's 39 points per centroid: no warning
        index.train(nt, TestData.uniform(SEED + 100, nt, d));
        index.setNprobe(nprobe());
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        return index;
    }

    /** Lists store ids: removal does not renumber, as in FAISS. */
    @Override
    protected boolean removeKeepsLabels() {
        return true;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }
}
