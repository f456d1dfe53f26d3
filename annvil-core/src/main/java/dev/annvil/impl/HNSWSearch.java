package dev.annvil.impl;

import java.util.function.IntPredicate;

/**
 * Searches an {@link HNSW} graph, with the scratch one thread needs (visited table, candidate and
 * beam queues) reused from query to query: no allocation per search once warm.
 *
 * <p>Level-0 search follows FAISS's {@code search_from_candidates}: the beam holds the ef = max(efSearch,
 * k) nearest nodes seen so far; the nearest unexpanded node of the beam is expanded next, and the
 * search ends when every node of the beam has been expanded. (FAISS keeps the beam in a bounded
 * "minimax" heap; here it is a bounded max-heap plus a min-heap of unexpanded candidates, which
 * expands the same nodes.) Every node evaluated is offered to the result handler if it passes
 * the filter, so filtered-out nodes still route. With {@code checkRelativeDistance}, the search
 * also stops once efSearch beam entries are nearer than the node about to be expanded (this can
 * only trigger when k &gt; efSearch); without it, it stops after efSearch + 1 expansions.
 *
 * <p>Not thread-safe: one per thread.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/HNSW.cpp">faiss/impl/HNSW.cpp</a>
 */
public final class HNSWSearch {
    final VisitedTable visited;
    /** Unexpanded candidates, nearest on top. */
    final FloatIntHeap candidates = new FloatIntHeap(64);
    /** The beam: the ef nearest seen, stored with negated distances so the farthest is on top. */
    final FloatIntHeap beam = new FloatIntHeap(64);

    /** Unvisited neighbors of the node being expanded, and their distances. */
    private int[] batchIds = new int[0];

    private float[] batchDis = new float[0];

    /** Result of {@link #greedyUpdateNearest}. */
    int nearest;

    float dNearest;

    private HNSWResultHandler.Knn knn;
    private HNSWResultHandler.Range range;

    /** This thread's k-nearest result handler for k (reused while k stays the same). */
    public HNSWResultHandler.Knn knn(int k) {
        if (knn == null || knn.k() != k) {
            knn = new HNSWResultHandler.Knn(k);
        }
        return knn;
    }

    /** This thread's range result handler. */
    public HNSWResultHandler.Range range() {
        if (range == null) {
            range = new HNSWResultHandler.Range();
        }
        return range;
    }

    /** @param ntotal number of nodes the visited table starts with (it grows as needed) */
    public HNSWSearch(int ntotal) {
        visited = new VisitedTable(ntotal);
    }

    /** Bytes held by the scratch. */
    public long ramBytesUsed() {
        return visited.ramBytesUsed() + candidates.ramBytesUsed() + beam.ramBytesUsed();
    }

    void search(
            HNSW hnsw,
            DistanceComputer qdis,
            HNSWResultHandler res,
            int efSearch,
            boolean checkRelativeDistance,
            IntPredicate filter) {
        int entry = hnsw.entryPoint;
        if (entry < 0) {
            return;
        }
        visited.ensureSize(hnsw.ntotal);
        nearest = entry;
        dNearest = qdis.distance(entry);
        for (int level = hnsw.maxLevel; level >= 1; level--) {
            greedyUpdateNearest(hnsw, qdis, level);
        }
        int ef = Math.max(efSearch, res.k());
        searchLevel0(hnsw, qdis, res, ef, efSearch, checkRelativeDistance, filter);
    }

    /**
     * Moves {@link #nearest} to its nearest neighbor on a level until none is nearer (FAISS {@code
     * greedy_update_nearest}).
     */
    void greedyUpdateNearest(HNSW hnsw, DistanceComputer qdis, int level) {
        int[] neighbors = hnsw.neighbors;
        int from = hnsw.cumNneighborPerLevelAt(level);
        int span = hnsw.nbNeighbors(level);
        int[] ids = batchIds(span);
        float[] dis = batchDis;
        while (true) {
            int prev = nearest;
            int begin = hnsw.offsets[prev] + from;
            int n = 0;
            for (int j = begin; j < begin + span; j++) {
                int v = neighbors[j];
                if (v < 0) {
                    break;
                }
                ids[n++] = v;
            }
            qdis.distances(ids, n, dis);
            for (int i = 0; i < n; i++) {
                if (dis[i] < dNearest) {
                    nearest = ids[i];
                    dNearest = dis[i];
                }
            }
            if (nearest == prev) {
                return;
            }
        }
    }

    private void searchLevel0(
            HNSW hnsw,
            DistanceComputer qdis,
            HNSWResultHandler res,
            int ef,
            int efSearch,
            boolean checkRelativeDistance,
            IntPredicate filter) {
        FloatIntHeap cand = candidates;
        FloatIntHeap top = beam;
        VisitedTable vt = visited;
        int[] neighbors = hnsw.neighbors;
        int[] offsets = hnsw.offsets;
        int span = hnsw.nbNeighbors(0);
        int[] ids = batchIds(span);
        float[] dists = batchDis;
        cand.clear();
        top.clear();

        float threshold = res.threshold;
        if (dNearest < threshold && (filter == null || filter.test(nearest))) {
            res.addResult(dNearest, nearest);
            threshold = res.threshold;
        }
        vt.set(nearest);
        cand.push(dNearest, nearest);
        top.push(-dNearest, nearest);
        boolean countBelow = checkRelativeDistance && ef > efSearch;
        int nstep = 0;
        while (cand.size() > 0) {
            float d0 = cand.topKey();
            if (top.size() >= ef && d0 > -top.topKey()) {
                break; // d0 has left the beam, and so has every remaining candidate
            }
            int v0 = cand.pop();
            if (countBelow && countBelow(top, d0) >= efSearch) {
                break;
            }
            int begin = offsets[v0];
            int n = 0;
            for (int j = begin; j < begin + span; j++) {
                int v1 = neighbors[j];
                if (v1 < 0) {
                    break;
                }
                if (vt.set(v1)) {
                    ids[n++] = v1;
                }
            }
            qdis.distances(ids, n, dists);
            for (int i = 0; i < n; i++) {
                int v1 = ids[i];
                float dis = dists[i];
                if (dis < threshold && (filter == null || filter.test(v1))) {
                    res.addResult(dis, v1);
                    threshold = res.threshold;
                }
                if (top.size() < ef) {
                    top.push(-dis, v1);
                    cand.push(dis, v1);
                } else if (dis < -top.topKey()) {
                    top.replaceTop(-dis, v1);
                    cand.push(dis, v1);
                }
            }
            nstep++;
            if (!checkRelativeDistance && nstep > efSearch) {
                break;
            }
        }
        vt.advance();
    }

    private int[] batchIds(int span) {
        if (batchIds.length < span) {
            batchIds = new int[span];
            batchDis = new float[span];
        }
        return batchIds;
    }

    /** Number of beam entries strictly nearer than d0 (FAISS {@code MinimaxHeap::count_below}). */
    private static int countBelow(FloatIntHeap top, float d0) {
        int n = 0;
        for (int i = 0; i < top.size(); i++) {
            if (-top.keyAt(i) < d0) {
                n++;
            }
        }
        return n;
    }

    /**
     * The efConstruction nearest nodes of a level reachable from an entry (FAISS {@code
     * search_neighbors_to_add}); they are left in {@link #beam} (negated distances). Node {@code
     * self}, the one being inserted, is never returned.
     */
    void searchNeighborsToAdd(
            HNSW hnsw, DistanceComputer ptdis, int self, int entry, float dEntry, int level, int efConstruction) {
        FloatIntHeap cand = candidates;
        FloatIntHeap top = beam;
        VisitedTable vt = visited;
        int[] neighbors = hnsw.neighbors;
        int from = hnsw.cumNneighborPerLevelAt(level);
        int span = hnsw.nbNeighbors(level);
        int[] ids = batchIds(span);
        float[] dists = batchDis;
        cand.clear();
        top.clear();
        vt.set(self);
        vt.set(entry);
        cand.push(dEntry, entry);
        top.push(-dEntry, entry);
        while (cand.size() > 0) {
            if (cand.topKey() > -top.topKey()) {
                break;
            }
            int cur = cand.pop();
            int begin = hnsw.offsets[cur] + from;
            int n = 0;
            for (int j = begin; j < begin + span; j++) {
                int v = neighbors[j];
                if (v < 0) {
                    break;
                }
                if (vt.set(v)) {
                    ids[n++] = v;
                }
            }
            ptdis.distances(ids, n, dists);
            for (int i = 0; i < n; i++) {
                int v = ids[i];
                float dis = dists[i];
                if (top.size() < efConstruction) {
                    top.push(-dis, v);
                    cand.push(dis, v);
                } else if (dis < -top.topKey()) {
                    top.replaceTop(-dis, v);
                    cand.push(dis, v);
                }
            }
        }
        vt.advance();
    }
}
