package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIDMap2;
import dev.annvil.RangeSearchResult;
import dev.annvil.SearchResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport-agnostic index service: a registry of named {@link ManagedIndex}es and the
 * operations on them (faissx-protocol.md §9). Transports decode requests, call these methods and
 * encode the results; failures are {@link ServiceException}s with an {@link ErrorCode}, or core
 * {@link IllegalArgumentException}/{@link UnsupportedOperationException}/{@link
 * IllegalStateException}s which transports wrap.
 *
 * <p>Concurrency: each storage group (a base and the IDMap wrappers sharing its vectors) has a
 * read/write lock. Searches, range searches and reconstructions hold the read lock and run
 * concurrently; adds, removals, resets and deletes hold the write lock. Every argument is checked
 * before anything is changed, so a rejected request leaves the stored data as it was.
 *
 * <p>Persistence: with a data directory, each mutation rewrites the snapshot of every index of the
 * group ({@link IndexStore}) while holding the read lock (downgraded from the write lock), so
 * searches continue while it is written and snapshots land in mutation order. A failed write is
 * logged; the reply is still the operation's (durability comes with the write-ahead store).
 */
public final class IndexService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IndexService.class);

    /** Largest dimension accepted by create (the reference's limit). */
    public static final int MAX_DIMENSION = 10_000;

    private final Map<String, ManagedIndex> indexes = new ConcurrentHashMap<>();
    /** Serialises create and delete (check-then-act on the registry). Never taken under a group lock. */
    private final Object registryLock = new Object();

    private final AtomicLong seq = new AtomicLong();
    private final IndexStore store;

    private volatile long requestTimeoutNanos = TimeUnit.SECONDS.toNanos(30);
    private volatile long trainTimeoutNanos = TimeUnit.MINUTES.toNanos(30);
    /** Runs background trainings (daemon threads, created on demand). */
    private final ExecutorService trainers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "annvil-train");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean closed;

    private IndexService(IndexStore store) {
        this.store = store;
    }

    /**
     * Sets the request deadline (adds and synchronous trainings are cancelled after it) and the
     * time limit of background trainings; both in milliseconds, at least 1. Defaults: 30 s and 30
     * min.
     */
    public void setTimeouts(long requestTimeoutMs, long trainTimeoutMs) {
        if (requestTimeoutMs < 1 || trainTimeoutMs < 1) {
            throw new IllegalArgumentException(
                    "timeouts must be at least 1 ms: " + requestTimeoutMs + ", " + trainTimeoutMs);
        }
        this.requestTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs);
        this.trainTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(trainTimeoutMs);
    }

    long requestTimeoutNanos() {
        return requestTimeoutNanos;
    }

    /** The NOT_TRAINED error of an index whose background training is still running. */
    static ServiceException trainingInProgress(String id) {
        return new ServiceException(
                ErrorCode.NOT_TRAINED,
                "Index is not ready: training in progress for index " + id
                        + " (get_index_status reports training_status)");
    }

    /** A service that keeps everything in memory. */
    public static IndexService inMemory() {
        return new IndexService(null);
    }

    /**
     * A service backed by a data directory (created if missing): loads every index stored there
     * (unreadable files are logged and skipped).
     *
     * @throws IOException if the directory cannot be created or listed
     */
    public static IndexService open(Path dataDir) throws IOException {
        IndexService service = new IndexService(IndexStore.open(dataDir));
        service.loadAll();
        return service;
    }

    private void loadAll() throws IOException {
        for (ManagedIndex m : SnapshotLoader.load(store, seq)) {
            if (indexes.putIfAbsent(m.id(), m) != null) {
                LOG.warn("Skipping a second stored index with id {}", m.id());
            }
        }
        SnapshotLoader.relinkBases(indexes);
        LOG.info("Loaded {} indexes from {}", indexes.size(), store.dir());
    }

    // ---------------------------------------------------------------- registry

    /**
     * Creates an index (faissx-protocol.md §9.2, §7.4). For {@code IDMap:<base>}/{@code
     * IDMap2:<base>}: an existing index with id {@code <base>} becomes the shared storage (it must be
     * empty); otherwise {@code <id>_base} is created first with type {@code <base>} ({@code L2} if
     * empty) and stays visible on its own.
     *
     * @param dimension 1 .. {@link #MAX_DIMENSION}
     * @return the created index (for IDMap over an existing base, its dimension is the base's)
     * @throws ServiceException INVALID_ARGUMENT "Dimension &lt;d&gt; out of range (1-10000)";
     *     ALREADY_EXISTS "Index &lt;id&gt; already exists"; UNSUPPORTED "Unsupported index type:
     *     &lt;T&gt;"; INVALID_ARGUMENT "Failed to create base index: ..." or "Error creating index:
     *     ..." for IDMap base problems
     */
    public Created create(String id, int dimension, String indexType) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new ServiceException(
                    ErrorCode.INVALID_ARGUMENT, "Dimension " + dimension + " out of range (1-" + MAX_DIMENSION + ")");
        }
        ManagedIndex created;
        Map<String, Object> extras;
        synchronized (registryLock) {
            if (indexes.containsKey(id)) {
                throw new ServiceException(ErrorCode.ALREADY_EXISTS, "Index " + id + " already exists");
            }
            IndexSpec spec = IndexTypes.parse(indexType);
            switch (spec) {
                case IndexSpec.Plain plain -> {
                    created = register(
                            id, indexType, build(plain, indexType, dimension), plain, null, new StorageGroup());
                    extras = plain.replyExtras();
                }
                case IndexSpec.IdMap idmap -> {
                    created = createIdMap(id, dimension, idmap);
                    extras = Map.of();
                }
            }
        }
        ReentrantReadWriteLock.ReadLock lock = created.group.lock.readLock();
        lock.lock();
        try {
            if (!created.deleted) {
                persistGroup(created);
            }
            return new Created(IndexInfo.of(created), extras, memoryOnlyWarning(created));
        } finally {
            lock.unlock();
        }
    }

    /**
     * The outcome of create/clear.
     *
     * @param info the new index
     * @param replyExtras type-specific keys of the create reply (§7.2): metric_type, nlist, M...
     * @param warning a text for the client when the index will not survive a restart, or null
     */
    public record Created(IndexInfo info, Map<String, Object> replyExtras, String warning) {}

    private static String memoryOnlyWarning(ManagedIndex m) {
        return m.persistence() == ManagedIndex.Persistence.MEMORY_ONLY
                ? "Index " + m.id() + " (" + m.indexType() + ") is kept in memory only: its type cannot be"
                        + " written to the data directory yet, so it will not survive a restart"
                : null;
    }

    /** Builds a plain index; construction failures are "Unsupported index type" (as the reference). */
    static dev.annvil.Index build(IndexSpec.Plain spec, String typeString, int dimension) {
        try {
            return spec.build(dimension);
        } catch (IndexBuilders.NotBuildable e) {
            throw e.notYet()
                    ? IndexTypes.notSupportedYet(typeString, e.getMessage())
                    : IndexTypes.unsupported(typeString);
        } catch (IllegalArgumentException e) {
            throw new ServiceException(
                    ErrorCode.UNSUPPORTED, "Unsupported index type: " + typeString + " (" + e.getMessage() + ")");
        }
    }

    private ManagedIndex createIdMap(String id, int dimension, IndexSpec.IdMap spec) {
        ManagedIndex base = indexes.get(spec.base());
        if (base == null) {
            String baseId = id + "_base";
            String baseType = spec.base().isEmpty() ? "L2" : spec.base();
            IndexSpec.Plain plain;
            Index built;
            try {
                if (indexes.containsKey(baseId)) {
                    throw new ServiceException(ErrorCode.ALREADY_EXISTS, "Index " + baseId + " already exists");
                }
                plain = IndexTypes.parsePlain(baseType);
                built = build(plain, baseType, dimension);
            } catch (ServiceException e) {
                throw new ServiceException(e.code(), "Failed to create base index: " + e.getMessage());
            }
            base = register(baseId, baseType, built, plain, null, new StorageGroup());
            persistGroup(base);
        }
        if (base.isIdMap()) {
            throw new ServiceException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Error creating index: base index " + base.id() + " is itself an IDMap index");
        }
        ReentrantReadWriteLock.WriteLock lock = base.group.lock.writeLock();
        acquire(lock, base.id());
        try {
            if (base.index().ntotal() != 0) {
                throw new ServiceException(
                        ErrorCode.FAILED_PRECONDITION,
                        "Error creating index: index must be empty on input (base " + base.id() + " holds "
                                + base.index().ntotal() + " vectors)");
            }
            Index storage = base.index();
            Index wrapper = spec.idmap2() ? new IndexIDMap2(storage) : new IndexIDMap(storage);
            return register(id, spec.typeString(), wrapper, null, base.id(), base.group);
        } finally {
            lock.unlock();
        }
    }

    private ManagedIndex register(
            String id, String type, Index index, IndexSpec.Plain spec, String baseId, StorageGroup group) {
        ManagedIndex m = new ManagedIndex(id, type, index, spec, baseId, seq.getAndIncrement(), group);
        m.persistence = persistenceOf(index);
        if (m.persistence == ManagedIndex.Persistence.MEMORY_ONLY) {
            LOG.warn(
                    "Index {} ({}) is kept in memory only: {} has no FAISS file writer yet, so it will not"
                            + " survive a restart",
                    id,
                    type,
                    IndexDetails.className(IndexDetails.storage(index)));
        }
        group.members.add(m);
        indexes.put(id, m);
        LOG.debug("Created index {} ({})", id, type);
        return m;
    }

    /**
     * Deletes an index and its files. Deleting a wrapper keeps its base; deleting a base keeps the
     * wrappers working on the shared vectors.
     *
     * @throws IndexNotFoundException if there is no such index
     */
    public void delete(String id) {
        ManagedIndex m;
        synchronized (registryLock) {
            m = indexes.remove(id);
        }
        if (m == null) {
            throw new IndexNotFoundException(id);
        }
        ReentrantReadWriteLock.WriteLock lock = m.group.lock.writeLock();
        lock.lock();
        try {
            m.deleted = true;
            m.group.members.remove(m);
            if (store != null) {
                store.remove(id);
            }
        } catch (IOException e) {
            LOG.error("Could not delete the files of index {}", id, e);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Metadata of one index.
     *
     * @throws IndexNotFoundException if there is no such index
     */
    public IndexInfo info(String id) {
        return read(id, IndexInfo::of);
    }

    /** Metadata of every index, in creation order (after a restart: stored creation order). */
    public List<IndexInfo> list() {
        List<ManagedIndex> all = new ArrayList<>(indexes.values());
        all.sort(Comparator.comparingLong(ManagedIndex::seq));
        List<IndexInfo> out = new ArrayList<>(all.size());
        for (ManagedIndex m : all) {
            ReentrantReadWriteLock.ReadLock lock = m.group.lock.readLock();
            acquire(lock, m.id());
            try {
                if (!m.deleted) {
                    out.add(IndexInfo.of(m));
                }
            } finally {
                lock.unlock();
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- locking

    ManagedIndex get(String id) {
        ManagedIndex m = indexes.get(id);
        if (m == null) {
            throw new IndexNotFoundException(id);
        }
        return m;
    }

    /**
     * Takes a group lock for a request, waiting at most the request timeout: a request queued
     * behind a long mutation (a large add, a synchronous training) gets TIMEOUT instead of waiting
     * without end.
     *
     * @throws ServiceException TIMEOUT if the lock was not free in time, or the wait was interrupted
     */
    private void acquire(java.util.concurrent.locks.Lock lock, String id) {
        long timeoutNanos = requestTimeoutNanos;
        try {
            if (lock.tryLock(timeoutNanos, TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ErrorCode.TIMEOUT, "Operation timed out waiting for index " + id);
        }
        throw new ServiceException(
                ErrorCode.TIMEOUT,
                "Operation timed out waiting for index " + id + ": another operation on it has run for more than "
                        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (--request-timeout-ms)");
    }

    /** Runs a read-only body under the group's read lock (see {@link #acquire}). */
    <T> T read(String id, Function<ManagedIndex, T> body) {
        ManagedIndex m = get(id);
        ReentrantReadWriteLock.ReadLock lock = m.group.lock.readLock();
        acquire(lock, id);
        try {
            if (m.deleted) {
                throw new IndexNotFoundException(id);
            }
            return body.apply(m);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a mutating body under the group's write lock, then rewrites the group's snapshots under
     * the read lock (downgraded, so searches go on meanwhile and the next mutation waits).
     */
    <T> T write(String id, Function<ManagedIndex, T> body) {
        ManagedIndex m = get(id);
        ReentrantReadWriteLock lock = m.group.lock;
        acquire(lock.writeLock(), id);
        boolean downgraded = false;
        try {
            if (m.deleted) {
                throw new IndexNotFoundException(id);
            }
            if (m.trainingActive) {
                throw trainingInProgress(id);
            }
            T result = body.apply(m);
            lock.readLock().lock();
            lock.writeLock().unlock();
            downgraded = true;
            persistGroup(m);
            return result;
        } finally {
            if (downgraded) {
                lock.readLock().unlock();
            } else {
                lock.writeLock().unlock();
            }
        }
    }

    /** Writes a snapshot of every live member of m's group; failures are logged. */
    private void persistGroup(ManagedIndex m) {
        if (store == null) {
            return;
        }
        for (ManagedIndex member : m.group.members) {
            if (member.deleted || member.persistence() != ManagedIndex.Persistence.FILE || !representable(member)) {
                continue;
            }
            try {
                store.save(member);
            } catch (IOException | RuntimeException e) {
                LOG.error("Could not save index {} to {}", member.id(), store.dir(), e);
            }
        }
    }

    /**
     * FILE if the data directory can hold this index (probed by writing it, empty, to nowhere: the
     * answer follows the core's writers as they grow), MEMORY_ONLY if not, NONE without a directory.
     */
    ManagedIndex.Persistence persistenceOf(Index index) {
        if (store == null) {
            return ManagedIndex.Persistence.NONE;
        }
        return IndexStore.writable(index) ? ManagedIndex.Persistence.FILE : ManagedIndex.Persistence.MEMORY_ONLY;
    }

    /** The data directory, or null when in memory. */
    Path dataDir() {
        return store == null ? null : store.dir();
    }

    /** The snapshot file of a persisted index, or null. */
    Path storagePath(ManagedIndex m) {
        return store == null || m.persistence() != ManagedIndex.Persistence.FILE ? null : store.fileOf(m.id());
    }

    /** A FAISS id-map file needs the wrapper to map every stored vector. */
    private static boolean representable(ManagedIndex m) {
        return !(m.index() instanceof IndexIDMap map) || map.getIndex().ntotal() == map.ntotal();
    }

    // ---------------------------------------------------------------- vectors (see VectorOps)

    private final VectorOps ops = new VectorOps(this);

    /**
     * Adds n vectors to a non-IDMap index; they get positions ntotal .. ntotal+n-1 (§9.3).
     *
     * @param x n * width floats, row-major
     * @throws IndexNotFoundException if there is no such index
     * @throws DimensionMismatchException if width != d (an empty batch has width 0)
     * @throws ServiceException NOT_TRAINED; FAILED_PRECONDITION if the index is the storage of an
     *     IDMap wrapper
     * @throws UnsupportedOperationException for an IDMap index (ids are required)
     */
    public CountResult add(String id, int n, int width, float[] x) {
        return ops.add(id, n, width, x);
    }

    /**
     * Adds n vectors with the caller's ids to an IDMap/IDMap2 index (§9.4).
     *
     * @throws ServiceException FAILED_PRECONDITION "Index &lt;id&gt; is not an IDMap type";
     *     INVALID_ARGUMENT "Number of vectors (&lt;n&gt;) doesn't match number of IDs (&lt;m&gt;)"
     * @throws DimensionMismatchException if width != d
     */
    public CountResult addWithIds(String id, int n, int width, float[] x, long[] ids) {
        return ops.addWithIds(id, n, width, x, ids);
    }

    /**
     * k-NN search of n queries (§9.5): n * k distances and labels, row-major, best first, padded
     * with -1 and the metric's worst distance. Labels are positions, or user ids for IDMap indexes.
     *
     * @throws DimensionMismatchException if width != d
     * @throws ServiceException RESPONSE_TOO_LARGE if n * k exceeds {@link VectorOps#MAX_RESULTS}
     */
    public SearchResult search(String id, int n, int width, float[] x, int k) {
        return ops.search(id, n, width, x, k, null);
    }

    /**
     * {@link #search} with per-request knobs (nprobe for IVF, efSearch for HNSW, also through IDMap
     * wrappers); they apply to this call only and are never stored on the index.
     */
    public SearchResult search(String id, int n, int width, float[] x, int k, SearchKnobs knobs) {
        return ops.search(id, n, width, x, k, knobs);
    }

    /** {@link #search} plus the vector of every result (d zeros for padding), §9.10. */
    public ReconstructedSearch searchAndReconstruct(String id, int n, int width, float[] x, int k, SearchKnobs knobs) {
        return ops.searchAndReconstruct(id, n, width, x, k, knobs);
    }

    /**
     * Range search (§9.7): per query, every vector with squared L2 below radius (inner product
     * above it), in storage order.
     */
    public RangeSearchResult rangeSearch(String id, int n, int width, float[] x, float radius) {
        return ops.rangeSearch(id, n, width, x, radius);
    }

    /**
     * One stored vector (§9.8): by position, or by user id for IDMap indexes.
     *
     * @throws ServiceException INVALID_ARGUMENT "Vector index &lt;i&gt; out of range
     *     (0-&lt;ntotal-1&gt;)"; NOT_FOUND "ID &lt;i&gt; not found in index" for IDMap indexes
     */
    public float[] reconstruct(String id, long key) {
        return ops.reconstruct(id, key);
    }

    /**
     * Vectors at positions start .. start+num-1 (§9.9), num * d floats; for IDMap indexes the
     * positions of the wrapper's storage.
     */
    public float[] reconstructN(String id, long start, long num) {
        return ops.reconstructN(id, start, num);
    }

    /**
     * Removes vectors (§9.15): by user id for IDMap indexes, by position for others (the remaining
     * vectors are renumbered, keeping their order).
     */
    public CountResult removeIds(String id, long[] ids) {
        return ops.removeIds(id, ids);
    }

    /** Empties the index and every index sharing its storage (base and wrappers). */
    public void reset(String id) {
        ops.reset(id);
    }

    /**
     * Trains the index (§9.6); indexes that need no training are left alone ({@code skipped}).
     *
     * @throws ServiceException TRAINING_ERROR "Training error: ..." if training fails
     */
    public TrainResult train(String id, int n, int width, float[] x) {
        return ops.train(id, n, width, x);
    }

    /**
     * Starts training in the background (train_index with {@code "background": true}, an Annvil
     * extension) and returns at once: null if training started, or the "skipped" result for indexes
     * that need no training. The request is checked first, as {@link #train}. While it runs, the
     * index is trained without its group lock, and every query and mutation of it answers
     * NOT_TRAINED "... training in progress ..."; {@link #trainingState} reports progress. The
     * training is cancelled after the training time limit (or when the service closes), leaving the
     * index untrained (IVF, PQ).
     *
     * @throws ServiceException TRAINING_ERROR for an invalid request; NOT_TRAINED if a background
     *     training of the index is already running
     */
    public TrainResult trainInBackground(String id, int n, int width, float[] x) {
        ManagedIndex[] started = {null};
        TrainResult skipped = write(id, m -> {
            TrainResult checked = VectorOps.checkTrainable(m, id, n, width);
            if (checked == null) {
                m.trainingActive = true;
                m.trainingStatus = "training";
                m.trainingProgress = 0;
                m.trainingError = null;
                started[0] = m;
            }
            return checked;
        });
        if (skipped != null) {
            return skipped;
        }
        ManagedIndex m = started[0];
        long deadline = System.nanoTime() + trainTimeoutNanos;
        long limitMs = TimeUnit.NANOSECONDS.toMillis(trainTimeoutNanos);
        try {
            trainers.execute(() -> runTraining(m, n, x, deadline, limitMs));
        } catch (RuntimeException e) {
            finishTraining(m, "failed", "Training error: could not start the training: " + e);
            throw e;
        }
        return null;
    }

    private void runTraining(ManagedIndex m, int n, float[] x, long deadline, long limitMs) {
        String status = "done";
        String error = null;
        try {
            m.index().train(n, x, (phase, fraction) -> {
                m.trainingProgress = Math.max(0, Math.min(1, fraction));
                if (fraction < 1.0 && (closed || System.nanoTime() - deadline > 0)) {
                    throw new CancellationException(phase);
                }
            });
            m.trainingProgress = 1.0;
        } catch (CancellationException e) {
            status = "failed";
            error = closed
                    ? "Training error: cancelled because the server is shutting down"
                    : "Training error: training time limit of " + limitMs + " ms exceeded (--train-timeout-ms);"
                            + " the index is left untrained";
        } catch (RuntimeException | Error e) {
            status = "failed";
            error = "Training error: " + e.getMessage();
            LOG.warn("Background training of index {} failed", m.id(), e);
        }
        finishTraining(m, status, error);
    }

    /** Ends a background training under the write lock, then persists the group. */
    private void finishTraining(ManagedIndex m, String status, String error) {
        ReentrantReadWriteLock lock = m.group.lock;
        lock.writeLock().lock();
        try {
            m.trainingActive = false;
            m.trainingStatus = status;
            m.trainingError = error;
            lock.readLock().lock();
        } finally {
            lock.writeLock().unlock();
        }
        try {
            if (!m.deleted && "done".equals(status)) {
                persistGroup(m);
            }
        } finally {
            lock.readLock().unlock();
        }
        LOG.info("Background training of index {}: {}{}", m.id(), status, error == null ? "" : " (" + error + ")");
    }

    /**
     * The background training state of an index.
     *
     * @param status "idle" (never trained in the background), "training", "done" or "failed"
     * @param progress fraction done, 0..1
     * @param error why it failed, or null
     */
    public record TrainingState(String status, double progress, String error) {}

    /**
     * The background training state of an index (does not wait for a running training).
     *
     * @throws IndexNotFoundException if there is no such index
     */
    public TrainingState trainingState(String id) {
        ManagedIndex m = get(id);
        return new TrainingState(m.trainingStatus, m.trainingProgress, m.trainingError);
    }

    // ---------------------------------------------------------------- management (see AdminOps)

    private final AdminOps admin = new AdminOps(this);

    /**
     * Appends every vector of the sources, in order, to the target (§9.12). Ids are kept from IDMap
     * to IDMap; otherwise vectors get new positions (IDMap targets: new ids ntotal, ntotal+1, ...).
     * Lossy sources (PQ/SQ) contribute decoded vectors. Sources are unchanged.
     *
     * @throws ServiceException NOT_FOUND "Target index &lt;id&gt; not found" / "Source index &lt;id&gt;
     *     not found"; INVALID_ARGUMENT "No source indices provided for merging", "Dimension mismatch:
     *     ..."; NOT_TRAINED if the target is untrained
     */
    public AdminOps.MergeResult merge(String targetId, List<String> sourceIds) {
        return admin.merge(targetId, sourceIds);
    }

    /** Replaces the vector stored under a user id of an IDMap/IDMap2 index (§9.16). */
    public CountResult replaceVector(String id, long key, int width, float[] v) {
        return admin.replaceVector(id, key, width, v);
    }

    /** optimize_index (§9.18): sets an IVF's nprobe from the level; other types are unchanged. */
    public AdminOps.OptimizeResult optimize(String id, long level) {
        return admin.optimize(id, level);
    }

    /** set_parameter (§9.21); returns the reply message. */
    public String setParameter(String id, String name, Object value) {
        return admin.setParameter(id, name, value);
    }

    /** get_parameter (§9.21). */
    public Object getParameter(String id, String name) {
        return admin.getParameter(id, name);
    }

    /** Status, training info and storage facts of one index (§9.21). */
    public AdminOps.IndexStatus status(String id) {
        return admin.status(id);
    }

    /** Stored vectors start .. start+limit-1 (all when limit is null), get_vectors. */
    public AdminOps.VectorsPage vectors(String id, long start, Long limit) {
        return admin.vectors(id, start, limit);
    }

    /** Rebuilds an IVF index with another number of lists from its stored vectors (§9.21). */
    public AdminOps.ReclusterResult recluster(String id, Long nClusters, double sampleRatio) {
        return admin.recluster(id, nClusters, sampleRatio);
    }

    /** k-means of n vectors into k clusters (compute_clustering, §9.19); no index involved. */
    public AdminOps.ClusteringResult computeClustering(int n, int width, float[] x, int k, int niter) {
        return AdminOps.cluster(n, width, x, k, niter);
    }

    /**
     * Re-creates an index empty, with its own type and dimension (untrained again if its type needs
     * training); IDMap wrappers built on it are deleted (§9.21 clear). The reference re-creates a
     * flat L2 index instead, silently changing the type; Annvil keeps it.
     *
     * @throws IndexNotFoundException if there is no such index
     * @throws ServiceException UNSUPPORTED for an IDMap wrapper (use reset)
     */
    public Created clear(String id) {
        ManagedIndex created;
        Map<String, Object> extras;
        synchronized (registryLock) {
            ManagedIndex m = get(id);
            if (m.isIdMap()) {
                throw new ServiceException(
                        ErrorCode.UNSUPPORTED,
                        "Error clearing index: clear is not supported for IDMap index " + id
                                + "; use reset or delete_index");
            }
            // read together under the group lock (recluster_index may change them)
            record Shape(String type, IndexSpec.Plain spec, int d) {}
            Shape shape = read(
                    id,
                    x -> new Shape(
                            x.indexType(),
                            x.spec() != null ? x.spec() : IndexTypes.parsePlain(x.indexType()),
                            x.index().d()));
            String type = shape.type();
            IndexSpec.Plain spec = shape.spec();
            Index fresh = build(spec, type, shape.d());
            for (ManagedIndex member : List.copyOf(m.group.members)) {
                if (member != m && member.isIdMap()) {
                    delete(member.id());
                }
            }
            delete(id);
            created = register(id, type, fresh, spec, null, new StorageGroup());
            extras = spec.replyExtras();
        }
        ReentrantReadWriteLock.ReadLock lock = created.group.lock.readLock();
        lock.lock();
        try {
            if (!created.deleted) {
                persistGroup(created);
            }
            return new Created(IndexInfo.of(created), extras, memoryOnlyWarning(created));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        // snapshots are written synchronously; running background trainings are cancelled
        closed = true;
        trainers.shutdown();
    }
}
