package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVFPQ;
import dev.annvil.MetricType;
import dev.annvil.invlists.DirectMap;

/**
 * IndexIVFPQ (by residual, precomputed tables for L2) through the conformance suite: d = 39, M =
 * 13 sub-quantizers of 3 dimensions, nbits = 8, nlist = 8 visited entirely (nprobe = nlist), so
 * every vector can be found and recall is that of the product quantizer on residuals: measured
 * 0.795 (L2) and 0.82 (inner product). The first createIndex of a metric trains on 10,000 seeded
 * uniform vectors (above FAISS's 39 * 256); later ones copy its coarse and PQ centroids
 * (setTrained). HASHTABLE direct map for reconstruct.
 */
class IndexIVFPQConformanceTest extends BaseQuantizerIndexTestCase {
    private static final int NLIST = 8;

    IndexIVFPQConformanceTest() {
        super(Codes.PQ_8BIT, Structure.IVF_ALL_LISTS);
    }

    private static IndexFlat flat(MetricType metric) {
        return metric == MetricType.L2 ? new IndexFlatL2(PQ_D) : new IndexFlatIP(PQ_D);
    }

    @Override
    protected Index createIndex(int d) {
        IndexIVFPQ model = trainedOnce("IndexIVFPQ " + metric(), () -> {
            IndexIVFPQ index = new IndexIVFPQ(flat(metric()), PQ_D, NLIST, PQ_M, PQ_NBITS, metric());
            index.train(10_000, TestData.uniform(SEED + 98, 10_000, PQ_D));
            return index;
        });
        IndexFlat q = flat(metric());
        q.add(NLIST, ((IndexFlat) model.quantizer()).getXb());
        IndexIVFPQ index = new IndexIVFPQ(q, d, NLIST, PQ_M, PQ_NBITS, metric());
        index.pq().setCentroids(model.pq().getCentroids());
        index.setTrained(true);
        index.setNprobe(NLIST);
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        return index;
    }
}
