package dev.annvil.testing;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVFPQ;
import dev.annvil.MetricType;
import dev.annvil.invlists.DirectMap;
import java.util.EnumMap;
import java.util.Map;

/**
 * IndexIVFPQ (by residual, precomputed tables for L2) through the conformance suite: d = 39, M =
 * 13 sub-quantizers of 3 dimensions, nbits = 8, nlist = 8 visited entirely (nprobe = nlist), so
 * every vector can be found and recall is that of the product quantizer on residuals. The first
 * createIndex of a metric trains on 10,000 seeded uniform vectors (above FAISS's 39 * 256); later
 * ones copy its coarse and PQ centroids (setTrained). HASHTABLE direct map for reconstruct.
 */
class IndexIVFPQConformanceTest extends BaseIndexTestCase {
    private static final int D = 39;
    private static final int M = 13;
    private static final int NLIST = 8;
    private static final Map<MetricType, IndexIVFPQ> TRAINED = new EnumMap<>(MetricType.class);

    @Override
    protected int d() {
        return D;
    }

    private static IndexFlat flat(MetricType metric) {
        return metric == MetricType.L2 ? new IndexFlatL2(D) : new IndexFlatIP(D);
    }

    private static synchronized IndexIVFPQ model(MetricType metric) {
        return TRAINED.computeIfAbsent(metric, m -> {
            IndexIVFPQ index = new IndexIVFPQ(flat(m), D, NLIST, M, 8, m);
            index.train(10_000, TestData.uniform(SEED + 98, 10_000, D));
            return index;
        });
    }

    @Override
    protected Index createIndex(int d) {
        IndexIVFPQ model = model(metric());
        IndexFlat q = flat(metric());
        q.add(NLIST, ((IndexFlat) model.quantizer()).getXb());
        IndexIVFPQ index = new IndexIVFPQ(q, d, NLIST, M, 8, metric());
        index.pq().setCentroids(model.pq().getCentroids());
        index.setTrained(true);
        index.setNprobe(NLIST);
        index.setDirectMapType(DirectMap.Type.HASHTABLE);
        return index;
    }

    /** Measured 0.795 (L2) and 0.82 (inner product) on the suite's uniform data. */
    @Override
    protected double recallFloor() {
        return 0.7;
    }

    /** nprobe = nlist: every stored vector can be returned (distances are still approximate). */
    @Override
    protected boolean exhaustiveSearch() {
        return true;
    }

    @Override
    protected boolean removeKeepsLabels() {
        return true;
    }

    @Override
    protected boolean supportsIO() {
        return true;
    }

    /** Half a cell of a 256-centroid quantizer of 3-dimensional residuals, with margin. */
    @Override
    protected double reconstructTolerance() {
        return 0.25;
    }

    /** Distances are to the decoded vectors: error up to about 2 ||x - y|| ||y - decoded(y)||. */
    @Override
    protected double distanceTolerance(double dis) {
        return 0.5 + 0.1 * Math.abs(dis);
    }

    @Override
    protected double rangeCountSlack() {
        return 10;
    }
}
