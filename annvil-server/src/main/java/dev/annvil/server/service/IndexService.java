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
import java.util.concurrent.ConcurrentHashMap;
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

    private IndexService(IndexStore store) {
        this.store = store;
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
    public IndexInfo create(String id, int dimension, String indexType) {
        if (dimension < 1 || dimension > MAX_DIMENSION) {
            throw new ServiceException(
                    ErrorCode.INVALID_ARGUMENT, "Dimension " + dimension + " out of range (1-" + MAX_DIMENSION + ")");
        }
        ManagedIndex created;
        synchronized (registryLock) {
            if (indexes.containsKey(id)) {
                throw new ServiceException(ErrorCode.ALREADY_EXISTS, "Index " + id + " already exists");
            }
            IndexSpec spec = IndexTypes.parse(indexType);
            created = switch (spec) {
                case IndexSpec.Plain plain -> register(id, indexType, plain.build(dimension), null, new StorageGroup());
                case IndexSpec.IdMap idmap -> createIdMap(id, dimension, idmap);
            };
        }
        ReentrantReadWriteLock.ReadLock lock = created.group.lock.readLock();
        lock.lock();
        try {
            if (!created.deleted) {
                persistGroup(created);
            }
            return IndexInfo.of(created);
        } finally {
            lock.unlock();
        }
    }

    private ManagedIndex createIdMap(String id, int dimension, IndexSpec.IdMap spec) {
        ManagedIndex base = indexes.get(spec.base());
        if (base == null) {
            String baseId = id + "_base";
            String baseType = spec.base().isEmpty() ? "L2" : spec.base();
            IndexSpec.Plain plain;
            try {
                if (indexes.containsKey(baseId)) {
                    throw new ServiceException(ErrorCode.ALREADY_EXISTS, "Index " + baseId + " already exists");
                }
                plain = IndexTypes.parsePlain(baseType);
            } catch (ServiceException e) {
                throw new ServiceException(e.code(), "Failed to create base index: " + e.getMessage());
            }
            base = register(baseId, baseType, plain.build(dimension), null, new StorageGroup());
            persistGroup(base);
        }
        if (base.isIdMap()) {
            throw new ServiceException(
                    ErrorCode.INVALID_ARGUMENT,
                    "Error creating index: base index " + base.id() + " is itself an IDMap index");
        }
        ReentrantReadWriteLock.WriteLock lock = base.group.lock.writeLock();
        lock.lock();
        try {
            if (base.index().ntotal() != 0) {
                throw new ServiceException(
                        ErrorCode.FAILED_PRECONDITION,
                        "Error creating index: index must be empty on input (base " + base.id() + " holds "
                                + base.index().ntotal() + " vectors)");
            }
            Index storage = base.index();
            Index wrapper = spec.idmap2() ? new IndexIDMap2(storage) : new IndexIDMap(storage);
            return register(id, spec.typeString(), wrapper, base.id(), base.group);
        } finally {
            lock.unlock();
        }
    }

    private ManagedIndex register(String id, String type, Index index, String baseId, StorageGroup group) {
        ManagedIndex m = new ManagedIndex(id, type, index, baseId, seq.getAndIncrement(), group);
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
            lock.lock();
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

    /** Runs a read-only body under the group's read lock. */
    <T> T read(String id, Function<ManagedIndex, T> body) {
        ManagedIndex m = get(id);
        ReentrantReadWriteLock.ReadLock lock = m.group.lock.readLock();
        lock.lock();
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
        lock.writeLock().lock();
        boolean downgraded = false;
        try {
            if (m.deleted) {
                throw new IndexNotFoundException(id);
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
            if (member.deleted || !representable(member)) {
                continue;
            }
            try {
                store.save(member);
            } catch (IOException | RuntimeException e) {
                LOG.error("Could not save index {} to {}", member.id(), store.dir(), e);
            }
        }
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
        return ops.search(id, n, width, x, k);
    }

    /** {@link #search} plus the vector of every result (d zeros for padding), §9.10. */
    public ReconstructedSearch searchAndReconstruct(String id, int n, int width, float[] x, int k) {
        return ops.searchAndReconstruct(id, n, width, x, k);
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

    @Override
    public void close() {
        // nothing held open: snapshots are written synchronously
    }
}
