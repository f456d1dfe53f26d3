package dev.annvil.impl;

/**
 * Inserts nodes into an {@link HNSW} graph as FAISS does ({@code HNSW::add_with_locks}), from one
 * thread; several builders may insert into the same graph at once.
 *
 * <p>Insertion of node p with level L: greedy descent from the entry point down to level L + 1;
 * then on each level l = min(L, maxLevel) .. 0, an efConstruction search from that point ({@link
 * HNSWSearch#searchNeighborsToAdd}), pruned to the level's M with the neighbor-selection
 * heuristic ({@link #shrinkNeighborList}: keep a candidate only if no kept neighbor is nearer to
 * it than p is), links from p to each, and back-links from each to p; a full list is re-pruned with
 * the same heuristic. Finally p becomes the entry point if its level is the highest.
 *
 * <p>Thread-safety: each write to a node's neighbor lists holds that node's lock ({@link
 * HNSW#lockFor}), and a builder holds at most one lock at a time, so builders cannot deadlock.
 * Reads of other nodes' lists are not locked (as in FAISS): a search may see a list mid-update,
 * which only changes which candidates it explores. Entry point and max level change under the
 * graph's monitor. Unlike FAISS, a node never links to itself and a list never holds a duplicate.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/HNSW.cpp">faiss/impl/HNSW.cpp</a>
 */
public final class HNSWBuilder {
    private final HNSW hnsw;
    private final HNSWSearch search;
    private final int efConstruction;
    private final FloatIntHeap sortHeap;
    /** Candidates of the node being inserted, ascending, and the ones the heuristic keeps. */
    private final float[] candD;

    private final int[] candI;
    private final float[] keptD;
    private final int[] keptI;
    /** Same, for re-pruning a full list in {@link #addLink}. */
    private final float[] linkD;

    private final int[] linkI;
    private final float[] linkKeptD;
    private final int[] linkKeptI;

    /**
     * @param hnsw the graph to insert into
     * @param search this thread's search scratch
     */
    public HNSWBuilder(HNSW hnsw, HNSWSearch search) {
        this.hnsw = hnsw;
        this.search = search;
        this.efConstruction = hnsw.efConstruction();
        int maxDegree = hnsw.nbNeighbors(0) + 1;
        int maxCand = Math.max(efConstruction, maxDegree);
        sortHeap = new FloatIntHeap(maxDegree);
        candD = new float[maxCand];
        candI = new int[maxCand];
        keptD = new float[maxCand];
        keptI = new int[maxCand];
        linkD = new float[maxDegree];
        linkI = new int[maxDegree];
        linkKeptD = new float[maxDegree];
        linkKeptI = new int[maxDegree];
    }

    /**
     * Links node ptId, whose vector is the query of ptdis and whose lists are allocated at level
     * ptLevel, into the graph (FAISS {@code add_with_locks}).
     */
    public void addWithLocks(DistanceComputer ptdis, int ptLevel, int ptId) {
        int nearest;
        int level;
        synchronized (hnsw) {
            if (hnsw.entryPoint == -1) {
                hnsw.maxLevel = ptLevel;
                hnsw.entryPoint = ptId;
                return;
            }
            nearest = hnsw.entryPoint;
            level = hnsw.maxLevel;
        }
        search.visited.ensureSize(hnsw.ntotal);
        search.nearest = nearest;
        search.dNearest = ptdis.distance(nearest);
        for (; level > ptLevel; level--) {
            search.greedyUpdateNearest(hnsw, ptdis, level);
        }
        // as FAISS: every level starts from the node the greedy descent ended at
        nearest = search.nearest;
        float dNearest = search.dNearest;
        for (; level >= 0; level--) {
            addLinksStartingFrom(ptdis, ptId, nearest, dNearest, level);
        }
        synchronized (hnsw) {
            if (ptLevel > hnsw.maxLevel) {
                hnsw.maxLevel = ptLevel;
                hnsw.entryPoint = ptId;
            }
        }
    }

    private void addLinksStartingFrom(DistanceComputer ptdis, int ptId, int nearest, float dNearest, int level) {
        search.searchNeighborsToAdd(hnsw, ptdis, ptId, nearest, dNearest, level, efConstruction);
        FloatIntHeap beam = search.beam;
        int n = beam.size();
        for (int i = n - 1; i >= 0; i--) { // the beam pops farthest first
            candD[i] = -beam.topKey();
            candI[i] = beam.pop();
        }
        int maxSize = hnsw.nbNeighbors(level);
        int kept;
        int[] targets;
        if (n < maxSize) {
            kept = n;
            targets = candI;
        } else {
            kept = shrinkNeighborList(ptdis, candD, candI, n, maxSize, keptD, keptI);
            targets = keptI;
        }
        // FAISS adds the links farthest first
        synchronized (hnsw.lockFor(ptId)) {
            for (int i = kept - 1; i >= 0; i--) {
                addLink(ptdis, ptId, targets[i], level);
            }
        }
        for (int i = kept - 1; i >= 0; i--) {
            int other = targets[i];
            synchronized (hnsw.lockFor(other)) {
                addLink(ptdis, other, ptId, level);
            }
        }
    }

    /**
     * The neighbor-selection heuristic (FAISS {@code shrink_neighbor_list}; paper, algorithm 4):
     * walks the n candidates nearest first and keeps one only if no already kept neighbor is nearer
     * to it than the query is, until maxSize are kept.
     *
     * @param inD distances to the query, ascending; inI their node ids
     * @return number kept, written to outD/outI nearest first
     */
    static int shrinkNeighborList(
            DistanceComputer dc, float[] inD, int[] inI, int n, int maxSize, float[] outD, int[] outI) {
        int out = 0;
        for (int i = 0; i < n; i++) {
            int v1 = inI[i];
            float distV1Q = inD[i];
            boolean good = true;
            for (int j = 0; j < out; j++) {
                if (dc.symmetricDis(outI[j], v1) < distV1Q) {
                    good = false;
                    break;
                }
            }
            if (good) {
                outD[out] = distV1Q;
                outI[out++] = v1;
                if (out >= maxSize) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Adds dest to src's list on a level (FAISS {@code add_link}): into the first free slot, or, if
     * the list is full, re-selects among the old neighbors and dest with the heuristic. The caller
     * holds src's lock.
     */
    private void addLink(DistanceComputer dc, int src, int dest, int level) {
        int[] neighbors = hnsw.neighbors;
        int begin = hnsw.offsets[src] + hnsw.cumNneighborPerLevelAt(level);
        int end = begin + hnsw.nbNeighbors(level);
        for (int i = begin; i < end; i++) {
            int v = neighbors[i];
            if (v == dest) {
                return;
            }
            if (v < 0) {
                neighbors[i] = dest;
                return;
            }
        }
        FloatIntHeap heap = sortHeap;
        heap.clear();
        heap.push(dc.symmetricDis(src, dest), dest);
        for (int i = begin; i < end; i++) {
            heap.push(dc.symmetricDis(src, neighbors[i]), neighbors[i]);
        }
        int n = heap.size();
        for (int i = 0; i < n; i++) {
            linkD[i] = heap.topKey();
            linkI[i] = heap.pop();
        }
        int kept = shrinkNeighborList(dc, linkD, linkI, n, end - begin, linkKeptD, linkKeptI);
        int i = begin;
        for (int j = kept - 1; j >= 0; j--) { // FAISS writes back farthest first
            neighbors[i++] = linkKeptI[j];
        }
        while (i < end) {
            neighbors[i++] = -1;
        }
    }
}
