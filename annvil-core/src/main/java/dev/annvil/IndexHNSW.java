package dev.annvil;

import dev.annvil.impl.DistanceComputer;
import dev.annvil.impl.HNSW;
import dev.annvil.impl.HNSWBuilder;
import dev.annvil.impl.HNSWFilterPlan;
import dev.annvil.impl.HNSWResultHandler;
import dev.annvil.impl.HNSWSearch;
import dev.annvil.impl.RandomGenerator;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Approximate search on a Hierarchical Navigable Small World graph ({@link HNSW}) built over a
 * storage index that holds the vectors; labels are node ids, i.e. positions in insertion order.
 * FAISS's defaults: efConstruction 40, efSearch 16; levels drawn as FAISS draws them.
 *
 * <p>Search: greedy descent through the upper levels, then a beam of max(efSearch, k) on level 0;
 * results sorted nearest first, padded with label -1 (see {@link Index#search}). Per-call {@link
 * SearchParametersHNSW} override efSearch and check_relative_distance. As in FAISS, when k &gt;
 * efSearch the relative-distance rule may end a search with fewer than k results (padded): use
 * efSearch &gt;= k for full rows. With an {@link IDSelector},
 * non-selected nodes still route but are never returned, and the beam is widened by 1 / (fraction
 * selected); when few ids are selected the search is an exact scan of them ({@link
 * HNSWFilterPlan}), so recall stays high for selective filters.
 *
 * <p>Deletion (FAISS's IndexHNSW has none): {@link #removeIds} marks nodes deleted. They stay in
 * the graph and still route, but are never returned; {@link #ntotal()} counts live vectors only;
 * labels never change and are never reused (new vectors get labels after every node, deleted
 * included: {@link #nodeCount()}); reconstructing a deleted label fails. FAISS's file format has
 * no deletion marks.
 *
 * <p>Thread-safety: searches, range searches and reconstructions may run concurrently; add,
 * removeIds, reset and the setters need exclusive access. {@link #add} itself runs on all {@link
 * Parallelism} threads.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/IndexHNSW.h">faiss/IndexHNSW.h</a>
 * @see <a href="https://arxiv.org/abs/1603.09320">Yu. A. Malkov, D. A. Yashunin, "Efficient and robust
 *     approximate nearest neighbor search using Hierarchical Navigable Small World graphs", IEEE TPAMI
 *     2018</a>
 */
public abstract class IndexHNSW implements Index {
    /** Nodes per insertion round of {@link #add}: between rounds progress is reported and cancellation honoured. */
    static final int MIN_ROUND = 4096;
    /** Insertion batches of at most this many nodes of one level are inserted by one thread (FAISS: 100). */
    private static final int PARALLEL_MIN = 100;

    private final Index storage;
    private final HNSW hnsw;
    private final int M;
    private final ConcurrentLinkedQueue<HNSWSearch> searchers = new ConcurrentLinkedQueue<>();
    private long[] deleted = new long[0];
    private int ndeleted;

    /**
     * An index over {@code storage}, which must be empty.
     *
     * @param M neighbors per node on levels above 0 (2M on level 0)
     * @throws IllegalArgumentException if M &lt; 2 or the storage is not empty
     */
    protected IndexHNSW(Index storage, int M) {
        this.storage = Objects.requireNonNull(storage, "storage is null");
        if (storage.ntotal() != 0) {
            throw new IllegalArgumentException("storage must be empty, has ntotal=" + storage.ntotal());
        }
        this.hnsw = new HNSW(M);
        this.M = M;
    }

    /**
     * An index over a filled storage and its graph (for readers of index files).
     *
     * @param M neighbors per node on levels above 0, as the graph was built with
     * @throws IllegalArgumentException if the storage and graph hold different numbers of vectors,
     *     or M or the level-0 neighbor count is below 1
     */
    protected IndexHNSW(Index storage, HNSW hnsw, int M) {
        this.storage = Objects.requireNonNull(storage, "storage is null");
        this.hnsw = Objects.requireNonNull(hnsw, "hnsw is null");
        if (storage.ntotal() != hnsw.ntotal()) {
            throw new IllegalArgumentException(
                    "storage holds " + storage.ntotal() + " vectors but the graph " + hnsw.ntotal() + " nodes");
        }
        if (M < 1 || hnsw.nbNeighbors(0) < 1) {
            throw new IllegalArgumentException("the graph has M=" + M + " and " + hnsw.nbNeighbors(0)
                    + " neighbor slots on level 0; both must be at least 1");
        }
        this.M = M;
    }

    /** M as FAISS recovers it from a graph: cum[2] - cum[1], or cum[1] / 2 with one level. */
    static int mOf(HNSW hnsw) {
        int[] cum = hnsw.cumNneighborPerLevel();
        return cum.length > 2 ? cum[2] - cum[1] : Math.max(1, cum[1] / 2);
    }

    /** Distances over the storage as it is now (create a new one after it grows). */
    protected abstract DistanceComputer newDistanceComputer();

    /** Bytes held by the storage. */
    protected abstract long storageRamBytesUsed();

    /** The index holding the vectors (FAISS {@code storage}). */
    public Index storage() {
        return storage;
    }

    /** The link structure (FAISS {@code hnsw}): read it; mutate it only through this index. */
    public HNSW hnsw() {
        return hnsw;
    }

    /** Neighbors per node on levels above 0; 2M on level 0. */
    public int M() {
        return M;
    }

    /** Candidate list size while adding (default 40). */
    public int efConstruction() {
        return hnsw.efConstruction();
    }

    /** @throws IllegalArgumentException if efConstruction &lt; 1 */
    public void setEfConstruction(int efConstruction) {
        hnsw.setEfConstruction(efConstruction);
    }

    /** Default beam width of searches without {@link SearchParametersHNSW} (default 16). */
    public int efSearch() {
        return hnsw.efSearch();
    }

    /** @throws IllegalArgumentException if efSearch &lt; 1 */
    public void setEfSearch(int efSearch) {
        hnsw.setEfSearch(efSearch);
    }

    @Override
    public int d() {
        return storage.d();
    }

    /** Number of live vectors: nodes minus those marked deleted by {@link #removeIds}. */
    @Override
    public long ntotal() {
        return (long) hnsw.ntotal() - ndeleted;
    }

    /** Number of graph nodes, deleted included; the next added vector gets this label. */
    public int nodeCount() {
        return hnsw.ntotal();
    }

    @Override
    public boolean isTrained() {
        return storage.isTrained();
    }

    @Override
    public MetricType metricType() {
        return storage.metricType();
    }

    /** Trains the storage (the graph needs no training). */
    @Override
    public void train(int n, float[] x) {
        storage.train(n, x);
    }

    /** Adds n vectors on all threads; see {@link #add(int, float[], ProgressListener)}. */
    @Override
    public void add(int n, float[] x) {
        add(n, x, ProgressListener.NONE);
    }

    /**
     * Adds n vectors (labels nodeCount() .. nodeCount()+n-1), building their links on all {@link
     * Parallelism} threads. The batch is inserted in rounds of at least {@value #MIN_ROUND} vectors
     * in label order; within a round, as in FAISS, nodes are inserted from the highest level down,
     * shuffled within a level (seed 789), with per-node locks. After each round the listener gets
     * the fraction done; if it throws {@link CancellationException}, the index keeps the rounds
     * completed so far (a consistent prefix of the batch) and the exception propagates.
     *
     * @param x n * d floats, row-major
     * @throws IllegalArgumentException if n &lt; 0 or x.length &lt; n * d
     * @throws IllegalStateException if the storage is not trained
     * @throws CancellationException if the listener cancels
     */
    public void add(int n, float[] x, ProgressListener listener) {
        Checks.batch(n, x, d());
        Objects.requireNonNull(listener, "listener is null");
        if (!isTrained()) {
            throw new IllegalStateException(getClass().getSimpleName() + " is not trained");
        }
        int d = d();
        int round = Math.max(MIN_ROUND, (n + 99) / 100);
        RandomGenerator rng2 = new RandomGenerator(789);
        listener.progress("HNSW add", 0);
        for (int done = 0; done < n; ) {
            int m = Math.min(round, n - done);
            float[] part = m == n ? x : Arrays.copyOfRange(x, done * d, (done + m) * d);
            storage.add(m, part);
            addVertices(m, part, rng2);
            done += m;
            listener.progress("HNSW add", (double) done / n);
        }
    }

    /** FAISS {@code hnsw_add_vertices}: levels, then insertion level by level, highest first. */
    private void addVertices(int n, float[] x, RandomGenerator rng2) {
        int n0 = hnsw.ntotal();
        int maxLevel = hnsw.prepareLevelTab(n);
        int[] hist = new int[maxLevel + 2];
        for (int i = 0; i < n; i++) {
            hist[hnsw.levelOf(n0 + i) + 1]++;
        }
        for (int l = 1; l < hist.length; l++) {
            hist[l] += hist[l - 1]; // hist[l] = start of level l's bucket
        }
        int[] order = new int[n];
        int[] fill = Arrays.copyOf(hist, hist.length);
        for (int i = 0; i < n; i++) {
            order[fill[hnsw.levelOf(n0 + i)]++] = n0 + i;
        }
        for (int level = maxLevel; level >= 0; level--) {
            int i0 = hist[level];
            int i1 = hist[level + 1];
            for (int j = i0; j < i1; j++) { // random permutation against dataset order bias
                int r = j + rng2.randInt(i1 - j);
                int t = order[j];
                order[j] = order[r];
                order[r] = t;
            }
            int ptLevel = level;
            AtomicInteger next = new AtomicInteger(i0);
            int tasks = i1 - i0 > PARALLEL_MIN ? Parallelism.numThreads() : 1;
            Parallelism.forEach(tasks, t -> {
                HNSWSearch s = borrow();
                try {
                    HNSWBuilder builder = new HNSWBuilder(hnsw, s);
                    DistanceComputer dc = newDistanceComputer();
                    for (int i; (i = next.getAndAdd(16)) < i1; ) {
                        for (int j = i; j < Math.min(i + 16, i1); j++) {
                            int pt = order[j];
                            dc.setQuery(x, (pt - n0) * d());
                            builder.addWithLocks(dc, ptLevel, pt);
                        }
                    }
                } finally {
                    searchers.offer(s);
                }
            });
        }
    }

    private HNSWSearch borrow() {
        HNSWSearch s = searchers.poll();
        return s != null ? s : new HNSWSearch(hnsw.ntotal());
    }

    @Override
    public void search(int n, float[] x, int k, float[] distances, long[] labels, SearchParameters params) {
        Checks.batch(n, x, d());
        Checks.positive("k", k);
        Checks.length("distances", distances, (long) n * k);
        Checks.length("labels", labels, (long) n * k);
        boolean ip = metricType() == MetricType.INNER_PRODUCT;
        HNSWFilterPlan plan = plan(params, k);
        runQueries(n, (s, dc, q) -> {
            HNSWResultHandler.Knn res = s.knn(k);
            res.begin(distances, labels, q * k);
            dc.setQuery(x, q * d());
            if (plan.exactIds() != null) {
                scanExact(dc, plan.exactIds(), res);
            } else {
                hnsw.search(dc, res, plan.efSearch(), checkRelativeDistance(params), plan.filter(), s);
            }
            res.end(ip);
        });
    }

    /**
     * Finds the stored vectors within radius of each query, as FAISS (1.7.4 and later) does: the
     * same beam search as {@link #search} (beam efSearch), keeping every evaluated node within the
     * radius. This is an approximation: vectors within the radius that the beam never evaluates
     * are missed, so large radii return only part of the answer; raise efSearch for more. Results
     * per query are in the order found (not sorted). Safe concurrently with other searches.
     *
     * @param radius squared L2 bound (results strictly below) or inner-product bound (strictly above)
     * @throws IllegalArgumentException if n &lt; 0 or x.length &lt; n * d
     */
    @Override
    public RangeSearchResult rangeSearch(int n, float[] x, float radius, SearchParameters params) {
        Checks.batch(n, x, d());
        boolean ip = metricType() == MetricType.INNER_PRODUCT;
        HNSWFilterPlan plan = plan(params, 1);
        long[][] perLabels = new long[n][];
        float[][] perDistances = new float[n][];
        runQueries(n, (s, dc, q) -> {
            HNSWResultHandler.Range res = s.range();
            res.begin(ip ? -radius : radius);
            dc.setQuery(x, q * d());
            if (plan.exactIds() != null) {
                scanExact(dc, plan.exactIds(), res);
            } else {
                hnsw.search(dc, res, plan.efSearch(), checkRelativeDistance(params), plan.filter(), s);
            }
            perLabels[q] = res.labels();
            perDistances[q] = res.distances(ip);
        });
        return RangeSearchResults.concat(n, perLabels, perDistances);
    }

    private interface QueryBody {
        void run(HNSWSearch s, DistanceComputer dc, int q);
    }

    /** Runs queries 0 .. n-1 on the Parallelism threads, each thread with its own searcher and distance computer. */
    private void runQueries(int n, QueryBody body) {
        if (n == 0) {
            return;
        }
        AtomicInteger next = new AtomicInteger();
        int tasks = Math.min(n, Parallelism.numThreads());
        Parallelism.forEach(tasks, t -> {
            HNSWSearch s = borrow();
            try {
                DistanceComputer dc = newDistanceComputer();
                for (int q; (q = next.getAndIncrement()) < n; ) {
                    body.run(s, dc, q);
                }
            } finally {
                searchers.offer(s);
            }
        });
    }

    private static void scanExact(DistanceComputer dc, int[] ids, HNSWResultHandler res) {
        for (int id : ids) {
            res.offer(dc.distance(id), id);
        }
    }

    private int efSearch(SearchParameters params) {
        return params instanceof SearchParametersHNSW p ? p.efSearch() : hnsw.efSearch();
    }

    private boolean checkRelativeDistance(SearchParameters params) {
        return params instanceof SearchParametersHNSW p ? p.checkRelativeDistance() : hnsw.checkRelativeDistance();
    }

    private HNSWFilterPlan plan(SearchParameters params, int k) {
        IDSelector sel = params == null ? null : params.sel();
        int nodes = hnsw.ntotal();
        return HNSWFilterPlan.plan(
                sel, ndeleted == 0 ? null : deleted, nodes, nodes - ndeleted, efSearch(params), k, 2 * M);
    }

    /** Copies vector {@code key} from the storage; see {@link Index#reconstruct}. */
    @Override
    public void reconstruct(long key, float[] recons) {
        checkLive(key);
        storage.reconstruct(key, recons);
    }

    @Override
    public void reconstructN(long i0, int ni, float[] recons) {
        Checks.range("i0", i0, ni, hnsw.ntotal());
        for (long i = i0; i < i0 + ni; i++) {
            checkLive(i);
        }
        storage.reconstructN(i0, ni, recons);
    }

    private void checkLive(long key) {
        if (key < 0 || key >= hnsw.ntotal()) {
            throw new IllegalArgumentException("key=" + key + " is outside 0.." + (hnsw.ntotal() - 1L));
        }
        if (isRemoved(key)) {
            throw new IllegalArgumentException("key=" + key + " was removed");
        }
    }

    /**
     * Marks the selected live vectors deleted: they keep routing searches but are never returned,
     * and their labels are not reused (FAISS's IndexHNSW cannot remove; see the class comment).
     *
     * @return number of vectors newly marked
     */
    @Override
    public long removeIds(IDSelector sel) {
        Objects.requireNonNull(sel, "sel is null");
        int nodes = hnsw.ntotal();
        if (deleted.length < (nodes + 63) / 64) {
            deleted = Arrays.copyOf(deleted, (nodes + 63) / 64);
        }
        int removed = 0;
        for (int i = 0; i < nodes; i++) {
            if (!isRemoved(i) && sel.isMember(i)) {
                deleted[i >>> 6] |= 1L << i;
                removed++;
            }
        }
        ndeleted += removed;
        return removed;
    }

    /** True if label {@code key} was marked deleted by {@link #removeIds}. */
    public boolean isRemoved(long key) {
        return key >= 0 && (key >>> 6) < deleted.length && (deleted[(int) (key >>> 6)] & (1L << key)) != 0;
    }

    /** Removes all vectors and links; parameters (M, efConstruction, efSearch) are kept. */
    @Override
    public void reset() {
        hnsw.reset();
        storage.reset();
        deleted = new long[0];
        ndeleted = 0;
        searchers.clear();
    }

    /** Bytes held: storage, graph, deletion marks and pooled search scratch. */
    public long ramBytesUsed() {
        long scratch = 0;
        for (HNSWSearch s : searchers) {
            scratch += s.ramBytesUsed();
        }
        return storageRamBytesUsed() + hnsw.ramBytesUsed() + 8L * deleted.length + scratch;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(d=" + d() + ", M=" + M + ", ntotal=" + ntotal() + ", metricType="
                + metricType() + ")";
    }
}
