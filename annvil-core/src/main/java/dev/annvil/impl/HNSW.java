package dev.annvil.impl;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The link structure of a Hierarchical Navigable Small World graph, laid out as FAISS lays it out
 * (and stores it in index files): node i has {@code levels[i]} levels (its top level + 1); all its
 * neighbor lists live in one flat {@code neighbors} array from {@code offsets[i]}, level l at
 * {@code offsets[i] + cum[l] .. offsets[i] + cum[l + 1]} where {@code cum =
 * cumNneighborPerLevel = [0, 2M, 3M, 4M, ...]}; a list ends at its first -1. Vectors live in a
 * separate storage, reached through a {@link DistanceComputer}; all distances are "smaller is
 * nearer" (the computer negates inner products).
 *
 * <p>Levels are drawn as FAISS draws them: level l with probability {@code exp(-l / mL) * (1 -
 * exp(-1 / mL))}, mL = 1 / ln(M) ({@link #setDefaultProbas}), from a Mersenne Twister seeded with
 * 12345, so the same insertion sequence gets the same levels as FAISS. Construction ({@link
 * HNSWBuilder}) and search ({@link HNSWSearch}) follow FAISS's {@code faiss/impl/HNSW.cpp}.
 *
 * <p>Thread-safety: concurrent searches are safe; {@link HNSWBuilder} inserts nodes from many
 * threads, locking one neighbor list at a time ({@link #lockFor}); nothing else may mutate
 * concurrently. Limits: node ids and offsets are ints, so the neighbors array holds at most
 * 2^31 - 1 entries (about 30 million nodes at M = 32).
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/HNSW.h">faiss/impl/HNSW.h</a>
 * @see <a href="https://arxiv.org/abs/1603.09320">Yu. A. Malkov, D. A. Yashunin, "Efficient and robust
 *     approximate nearest neighbor search using Hierarchical Navigable Small World graphs", IEEE TPAMI
 *     2018</a>
 */
public final class HNSW {
    /** Seed of the level generator (FAISS: {@code HNSW::rng(12345)}). */
    public static final int LEVEL_SEED = 12345;

    private static final int LOCK_STRIPES = 1 << 12;

    private final double[] assignProbas;
    private final int[] cumNneighborPerLevel;
    private final RandomGenerator rng = new RandomGenerator(LEVEL_SEED);
    private final Object[] locks = new Object[LOCK_STRIPES];

    int[] levels = new int[0];
    int[] offsets = {0};
    int[] neighbors = new int[0];
    int ntotal;
    int entryPoint = -1;
    int maxLevel = -1;
    private int efConstruction = 40;
    private int efSearch = 16;
    private boolean checkRelativeDistance = true;

    /**
     * An empty graph with 2 * M neighbors per node on level 0 and M above.
     *
     * @throws IllegalArgumentException if M &lt; 2
     */
    public HNSW(int M) {
        if (M < 2) {
            throw new IllegalArgumentException("M=" + M + " must be >= 2");
        }
        double[] probas = new double[64];
        int[] cum = new int[65];
        int nlevels = setDefaultProbas(M, (float) (1.0 / Math.log(M)), probas, cum);
        assignProbas = Arrays.copyOf(probas, nlevels);
        cumNneighborPerLevel = Arrays.copyOf(cum, nlevels + 1);
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    private HNSW(double[] assignProbas, int[] cumNneighborPerLevel) {
        this.assignProbas = assignProbas;
        this.cumNneighborPerLevel = cumNneighborPerLevel;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    /**
     * Rebuilds a graph from the fields FAISS stores in index files (for readers); see the class
     * comment for their meaning. The arrays are copied. The level generator restarts from its seed,
     * as in FAISS after loading.
     *
     * @throws IllegalArgumentException if the fields are inconsistent: cum not starting at 0 or
     *     decreasing, cum.length != probas.length + 1, a level outside [1, probas.length],
     *     offsets[i+1] != offsets[i] + cum[levels[i]], neighbor ids outside [-1, ntotal), or an
     *     entry point / max level that does not match
     */
    public static HNSW restore(
            double[] assignProbas,
            int[] cumNneighborPerLevel,
            int[] levels,
            long[] offsets,
            int[] neighbors,
            int entryPoint,
            int maxLevel,
            int efConstruction,
            int efSearch) {
        int nl = assignProbas.length;
        if (nl < 1 || cumNneighborPerLevel.length != nl + 1 || cumNneighborPerLevel[0] != 0) {
            throw new IllegalArgumentException("HNSW: " + nl + " level probabilities need " + (nl + 1)
                    + " cumulative neighbor counts starting at 0, got " + cumNneighborPerLevel.length);
        }
        for (int l = 0; l < nl; l++) {
            if (cumNneighborPerLevel[l + 1] < cumNneighborPerLevel[l]) {
                throw new IllegalArgumentException("HNSW: cum_nneighbor_per_level decreases at level " + l);
            }
        }
        int n = levels.length;
        if (offsets.length != n + 1 || offsets[0] != 0) {
            throw new IllegalArgumentException(
                    "HNSW: offsets has " + offsets.length + " entries for " + n + " nodes or does not start at 0");
        }
        int[] offs = new int[n + 1];
        for (int i = 0; i < n; i++) {
            if (levels[i] < 1 || levels[i] > nl) {
                throw new IllegalArgumentException(
                        "HNSW: node " + i + " has levels=" + levels[i] + " outside [1, " + nl + "]");
            }
            long next = offsets[i] + cumNneighborPerLevel[levels[i]];
            if (offsets[i + 1] != next || next > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "HNSW: offsets[" + (i + 1) + "]=" + offsets[i + 1] + " but expected " + next);
            }
            offs[i + 1] = (int) next;
        }
        if (neighbors.length != offs[n]) {
            throw new IllegalArgumentException(
                    "HNSW: neighbors has " + neighbors.length + " entries, offsets say " + offs[n]);
        }
        for (int j = 0; j < neighbors.length; j++) {
            if (neighbors[j] < -1 || neighbors[j] >= n) {
                throw new IllegalArgumentException(
                        "HNSW: neighbor id " + neighbors[j] + " at slot " + j + " outside [-1, " + n + ")");
            }
        }
        if (n == 0
                ? entryPoint != -1 || maxLevel != -1
                : entryPoint < 0 || entryPoint >= n || maxLevel != levels[entryPoint] - 1) {
            throw new IllegalArgumentException("HNSW: entry point " + entryPoint + " with max level " + maxLevel
                    + " does not match the levels of " + n + " nodes");
        }
        HNSW h = new HNSW(assignProbas.clone(), cumNneighborPerLevel.clone());
        h.levels = levels.clone();
        h.offsets = offs;
        h.neighbors = neighbors.clone();
        h.ntotal = n;
        h.entryPoint = entryPoint;
        h.maxLevel = maxLevel;
        h.setEfConstruction(efConstruction);
        h.setEfSearch(efSearch);
        return h;
    }

    /**
     * FAISS's {@code set_default_probas}: fills probas[l] = exp(-l / levelMult) * (1 - exp(-1 /
     * levelMult)) (computed as FAISS computes it, rounded to float) while it is at least 1e-9, and
     * cum with the cumulative neighbor counts (2M on level 0, M above).
     *
     * @return the number of levels
     */
    static int setDefaultProbas(int M, float levelMult, double[] probas, int[] cum) {
        int nn = 0;
        cum[0] = 0;
        int level = 0;
        for (; level < probas.length; level++) {
            float proba = (float) (Math.exp(-level / levelMult) * (1 - Math.exp(-1 / levelMult)));
            if (proba < 1e-9) {
                break;
            }
            probas[level] = proba;
            nn += level == 0 ? M * 2 : M;
            cum[level + 1] = nn;
        }
        return level;
    }

    /** Draws a level (FAISS {@code random_level}): 0 with probability assignProbas[0], and so on. */
    public int randomLevel() {
        double f = rng.randFloat();
        for (int level = 0; level < assignProbas.length; level++) {
            if (f < assignProbas[level]) {
                return level;
            }
            f -= assignProbas[level];
        }
        return assignProbas.length - 1;
    }

    /**
     * Draws levels for n new nodes ntotal .. ntotal+n-1 and allocates their (empty) neighbor lists
     * (FAISS {@code prepare_level_tab}).
     *
     * @return the highest level drawn (0 if n = 0)
     * @throws IllegalStateException if the neighbors array would exceed 2^31 - 1 entries
     */
    public int prepareLevelTab(int n) {
        int n0 = ntotal;
        int total = Math.addExact(n0, n);
        if (levels.length < total) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(total, levels.length * 3L / 2 + 16));
            levels = Arrays.copyOf(levels, cap);
            offsets = Arrays.copyOf(offsets, cap + 1);
        }
        int maxLevel2 = 0;
        long end = offsets[n0];
        for (int i = n0; i < total; i++) {
            int level = randomLevel();
            maxLevel2 = Math.max(maxLevel2, level);
            levels[i] = level + 1;
            end += cumNneighborPerLevel[level + 1];
            if (end > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("HNSW: " + total + " nodes need more than 2^31 neighbor slots");
            }
            offsets[i + 1] = (int) end;
        }
        if (neighbors.length < end) {
            int old = neighbors.length;
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(end, old * 3L / 2 + 1024));
            neighbors = Arrays.copyOf(neighbors, cap);
            Arrays.fill(neighbors, old, cap, -1);
        }
        ntotal = total;
        return maxLevel2;
    }

    /** Number of neighbor slots on a level (FAISS {@code nb_neighbors}): 2M on 0, M above. */
    public int nbNeighbors(int level) {
        return cumNneighborPerLevel[level + 1] - cumNneighborPerLevel[level];
    }

    /** cumNneighborPerLevel[level] without a copy. */
    int cumNneighborPerLevelAt(int level) {
        return cumNneighborPerLevel[level];
    }

    /** Level (0-based) of node i; its lists exist for levels 0 .. levelOf(i). */
    public int levelOf(int i) {
        return levels[i] - 1;
    }

    /** The neighbors of node i on a level, without the -1 padding (a copy). */
    public int[] neighborsOf(int i, int level) {
        int begin = offsets[i] + cumNneighborPerLevel[level];
        int end = offsets[i] + cumNneighborPerLevel[level + 1];
        int n = 0;
        while (begin + n < end && neighbors[begin + n] >= 0) {
            n++;
        }
        return Arrays.copyOfRange(neighbors, begin, begin + n);
    }

    /** The lock guarding writes to node i's neighbor lists (striped: shared by 1 in 4096 nodes). */
    Object lockFor(int i) {
        return locks[i & (LOCK_STRIPES - 1)];
    }

    /** Number of nodes. */
    public int ntotal() {
        return ntotal;
    }

    /** A node of the highest level, where searches start; -1 when empty. */
    public int entryPoint() {
        return entryPoint;
    }

    /** Level of the entry point; -1 when empty. */
    public int maxLevel() {
        return maxLevel;
    }

    /** Probability of drawing each level (FAISS {@code assign_probas}; a copy). */
    public double[] assignProbas() {
        return assignProbas.clone();
    }

    /** Cumulative neighbor slots per level, length levels + 1 (FAISS {@code cum_nneighbor_per_level}; a copy). */
    public int[] cumNneighborPerLevel() {
        return cumNneighborPerLevel.clone();
    }

    /** Top level + 1 of each node (FAISS {@code levels}; a copy of ntotal entries). */
    public int[] levels() {
        return Arrays.copyOf(levels, ntotal);
    }

    /** Start of each node's lists, ntotal + 1 entries (FAISS {@code offsets}, stored as u64; a copy). */
    public long[] offsets() {
        long[] out = new long[ntotal + 1];
        for (int i = 0; i <= ntotal; i++) {
            out[i] = offsets[i];
        }
        return out;
    }

    /** All neighbor lists, offsets[ntotal] entries, -1 in unused slots (FAISS {@code neighbors}; a copy). */
    public int[] neighbors() {
        return Arrays.copyOf(neighbors, offsets[ntotal]);
    }

    /** Candidate list size while inserting (FAISS default 40). */
    public int efConstruction() {
        return efConstruction;
    }

    /** @throws IllegalArgumentException if efConstruction &lt; 1 */
    public void setEfConstruction(int efConstruction) {
        if (efConstruction < 1) {
            throw new IllegalArgumentException("efConstruction=" + efConstruction + " must be >= 1");
        }
        this.efConstruction = efConstruction;
    }

    /** Default candidate list size of a search (FAISS default 16). */
    public int efSearch() {
        return efSearch;
    }

    /** @throws IllegalArgumentException if efSearch &lt; 1 */
    public void setEfSearch(int efSearch) {
        if (efSearch < 1) {
            throw new IllegalArgumentException("efSearch=" + efSearch + " must be >= 1");
        }
        this.efSearch = efSearch;
    }

    /** Default of FAISS's {@code check_relative_distance} (true). */
    public boolean checkRelativeDistance() {
        return checkRelativeDistance;
    }

    /** Sets the default of FAISS's {@code check_relative_distance}. */
    public void setCheckRelativeDistance(boolean checkRelativeDistance) {
        this.checkRelativeDistance = checkRelativeDistance;
    }

    /** Removes every node; level probabilities, ef values and the level generator's state are kept (as FAISS). */
    public void reset() {
        levels = new int[0];
        offsets = new int[] {0};
        neighbors = new int[0];
        ntotal = 0;
        entryPoint = -1;
        maxLevel = -1;
    }

    /** Bytes held by the graph (levels, offsets, neighbor lists). */
    public long ramBytesUsed() {
        return 4L * (levels.length + offsets.length + neighbors.length)
                + 8L * assignProbas.length
                + 4L * cumNneighborPerLevel.length
                + 16L * LOCK_STRIPES;
    }

    /**
     * Searches the graph for one query (FAISS {@code HNSW::search}): greedy descent from the entry
     * point through the upper levels, then a beam search on level 0 (see {@link HNSWSearch}).
     *
     * @param qdis distances from the query
     * @param res receives accepted nodes
     * @param efSearch beam width (the beam is max(efSearch, k))
     * @param checkRelativeDistance FAISS's stopping rule (see {@link HNSWSearch})
     * @param filter nodes that may be returned (all nodes route), or null for all
     * @param searcher this thread's searcher (its scratch grows to ntotal nodes)
     */
    public void search(
            DistanceComputer qdis,
            HNSWResultHandler res,
            int efSearch,
            boolean checkRelativeDistance,
            IntPredicate filter,
            HNSWSearch searcher) {
        searcher.search(this, qdis, res, efSearch, checkRelativeDistance, filter);
    }
}
