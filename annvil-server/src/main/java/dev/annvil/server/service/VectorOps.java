package dev.annvil.server.service;

import dev.annvil.IDSelectorBatch;
import dev.annvil.Index;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIVF;
import dev.annvil.ProgressListener;
import dev.annvil.RangeSearchResult;
import dev.annvil.SearchParameters;
import dev.annvil.SearchParametersHNSW;
import dev.annvil.SearchParametersIVF;
import dev.annvil.SearchResult;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * The vector operations of {@link IndexService}: each validates every argument first, then runs
 * the core operation under the storage group's read lock (queries) or write lock (mutations).
 */
final class VectorOps {
    /** Most k-NN or range results one reply may carry (about 14 bytes each on the wire). */
    static final long MAX_RESULTS = 25_000_000L;
    /** Most floats of reconstructed vectors one reply may carry (5 bytes each on the wire). */
    static final long MAX_REPLY_FLOATS = 100_000_000L;

    private final IndexService service;

    VectorOps(IndexService service) {
        this.service = service;
    }

    /**
     * Adds under the request deadline: the core add is cancelled through its {@link
     * ProgressListener} once the deadline has passed. IVF indexes add nothing when cancelled; HNSW
     * keeps the insertion rounds completed (a consistent prefix of the batch, which is persisted
     * like any other add); flat and the others report only at the end and are never cancelled.
     *
     * @throws ServiceException TIMEOUT "Operation timed out ..." when cancelled
     */
    CountResult add(String id, int n, int width, float[] x) {
        return addUnderDeadline(
                id,
                n,
                "add_vectors",
                m -> {
                    checkTrained(m);
                    checkWidth(m, width);
                    checkNotWrapped(m);
                },
                (m, listener) -> m.index().add(n, x, listener));
    }

    /** Adds with the caller's ids to an IDMap index, under the request deadline as {@link #add}. */
    CountResult addWithIds(String id, int n, int width, float[] x, long[] ids) {
        return addUnderDeadline(
                id,
                n,
                "add_with_ids",
                m -> {
                    if (!m.isIdMap()) {
                        throw new ServiceException(
                                ErrorCode.FAILED_PRECONDITION, "Index " + id + " is not an IDMap type");
                    }
                    checkTrained(m);
                    checkWidth(m, width);
                    if (ids.length != n) {
                        throw new ServiceException(
                                ErrorCode.INVALID_ARGUMENT,
                                "Number of vectors (" + n + ") doesn't match number of IDs (" + ids.length + ")");
                    }
                    checkAligned(m);
                },
                (m, listener) -> m.index().addWithIds(n, x, ids, listener));
    }

    private interface Adder {
        void add(ManagedIndex m, ProgressListener listener);
    }

    /**
     * Checks, then adds n vectors under the group's write lock with a listener that cancels at the
     * request deadline; TIMEOUT naming how many of the n vectors the cancelled add kept.
     */
    private CountResult addUnderDeadline(
            String id, int n, String action, java.util.function.Consumer<ManagedIndex> checks, Adder adder) {
        long deadline = System.nanoTime() + service.requestTimeoutNanos();
        // vectors a cancelled add kept (HNSW: whole rounds; the others: none), -1 if not cancelled
        long[] keptOnTimeout = {-1};
        CountResult r = service.write(id, m -> {
            checks.accept(m);
            long before = m.index().ntotal();
            try {
                adder.add(m, deadlineListener(deadline, null));
            } catch (CancellationException e) {
                keptOnTimeout[0] = m.index().ntotal() - before;
            }
            return new CountResult(n, m.index().ntotal());
        });
        if (keptOnTimeout[0] >= 0) {
            throw new ServiceException(
                    ErrorCode.TIMEOUT,
                    "Operation timed out (" + action + " cancelled after " + keptOnTimeout[0] + " of " + n
                            + " vectors were added)");
        }
        return r;
    }

    /**
     * A listener that cancels (throws {@link CancellationException}) once {@code deadline} (a {@link
     * System#nanoTime} value) has passed, never on the final report (the work is then done), and
     * forwards fractions to {@code progress} if not null.
     */
    static ProgressListener deadlineListener(long deadline, java.util.function.DoubleConsumer progress) {
        return (phase, fraction) -> {
            if (progress != null) {
                progress.accept(Math.max(0, Math.min(1, fraction)));
            }
            if (fraction < 1.0 && System.nanoTime() - deadline > 0) {
                throw new CancellationException("deadline passed during " + phase);
            }
        };
    }

    SearchResult search(String id, int n, int width, float[] x, int k, SearchKnobs knobs) {
        checkResults(n, k);
        return service.read(id, m -> {
            checkTrained(m);
            checkWidth(m, width);
            float[] distances = new float[n * k];
            long[] labels = new long[n * k];
            m.index().search(n, x, k, distances, labels, parameters(m, knobs));
            return new SearchResult(n, k, distances, labels);
        });
    }

    /**
     * Core search parameters for the knobs that apply to the index (IVF nprobe, HNSW efSearch),
     * or null. An IDMap wrapper passes them to its inner index unchanged (no selector).
     */
    static SearchParameters parameters(ManagedIndex m, SearchKnobs knobs) {
        if (knobs == null) {
            return null;
        }
        IndexIVF ivf = IndexDetails.ivf(m.index());
        if (ivf != null && knobs.nprobe() != null) {
            return new SearchParametersIVF(null, knobs.nprobe(), ivf.maxCodes());
        }
        if (IndexDetails.hnsw(m.index()) != null && knobs.efSearch() != null) {
            return new SearchParametersHNSW(knobs.efSearch());
        }
        return null;
    }

    ReconstructedSearch searchAndReconstruct(String id, int n, int width, float[] x, int k, SearchKnobs knobs) {
        checkResults(n, k);
        return service.read(id, m -> {
            checkTrained(m);
            checkWidth(m, width);
            int d = m.index().d();
            if ((long) n * k * d > MAX_REPLY_FLOATS) {
                throw tooLarge(n + " queries x k=" + k + " x d=" + d + " floats exceed " + MAX_REPLY_FLOATS);
            }
            float[] distances = new float[n * k];
            long[] labels = new long[n * k];
            m.index().search(n, x, k, distances, labels, parameters(m, knobs));
            float[] vectors = new float[n * k * d];
            float[] one = new float[d];
            Map<Long, Integer> positions = m.isIdMap() ? positionsById(m) : null;
            for (int i = 0; i < n * k; i++) {
                long label = labels[i];
                if (label < 0) {
                    continue;
                }
                if (positions != null) {
                    Integer pos = positions.get(label);
                    if (pos == null) {
                        continue;
                    }
                    reconstructAt(m.storage(), pos, one);
                } else {
                    reconstructAt(m.index(), label, one);
                }
                System.arraycopy(one, 0, vectors, i * d, d);
            }
            return new ReconstructedSearch(new SearchResult(n, k, distances, labels), vectors, d);
        });
    }

    RangeSearchResult rangeSearch(String id, int n, int width, float[] x, float radius) {
        return service.read(id, m -> {
            checkTrained(m);
            checkWidth(m, width);
            RangeSearchResult r = m.index().rangeSearch(n, x, radius, null);
            if (r.labels().length > MAX_RESULTS) {
                throw tooLarge(r.labels().length + " range results exceed " + MAX_RESULTS);
            }
            return r;
        });
    }

    float[] reconstruct(String id, long key) {
        return service.read(id, m -> {
            Index index = m.index();
            float[] out = new float[index.d()];
            switch (m.kind()) {
                case PLAIN -> {
                    if (key < 0 || key >= index.ntotal()) {
                        throw new ServiceException(
                                ErrorCode.INVALID_ARGUMENT,
                                "Vector index " + key + " out of range (0-" + (index.ntotal() - 1) + ")");
                    }
                    reconstructAt(index, key, out);
                }
                case IDMAP, IDMAP2 -> {
                    Integer pos = positionsById(m).get(key);
                    if (pos == null) {
                        throw idNotFound(key);
                    }
                    reconstructAt(m.storage(), pos, out);
                }
            }
            return out;
        });
    }

    float[] reconstructN(String id, long start, long num) {
        return service.read(id, m -> {
            long ntotal = m.index().ntotal();
            if (start < 0) {
                throw invalid("Starting index cannot be negative");
            }
            if (num <= 0) {
                throw invalid("Number of vectors must be positive");
            }
            if (start + num > ntotal) {
                throw invalid("Range " + start + ":" + (start + num) + " exceeds index size " + ntotal);
            }
            int d = m.index().d();
            if (num * d > MAX_REPLY_FLOATS) {
                throw tooLarge(num + " vectors x d=" + d + " floats exceed " + MAX_REPLY_FLOATS);
            }
            float[] out = new float[(int) num * d];
            m.storage().reconstructN(start, (int) num, out);
            return out;
        });
    }

    CountResult removeIds(String id, long[] ids) {
        return service.write(id, m -> {
            checkNotWrapped(m);
            checkAligned(m);
            checkRemovable(m, "remove_ids");
            long removed = m.index().removeIds(new IDSelectorBatch(ids));
            return new CountResult(removed, m.index().ntotal());
        });
    }

    void reset(String id) {
        service.write(id, m -> {
            for (ManagedIndex member : m.group.members) {
                member.index().reset();
            }
            m.index().reset();
            return null;
        });
    }

    /**
     * Trains under the request deadline; cancelled training leaves the index untrained (IVF, PQ).
     *
     * @throws ServiceException TIMEOUT "Operation timed out ..." when cancelled
     */
    TrainResult train(String id, int n, int width, float[] x) {
        long deadline = System.nanoTime() + service.requestTimeoutNanos();
        return service.write(id, m -> {
            TrainResult checked = checkTrainable(m, id, n, width);
            if (checked != null) {
                return checked;
            }
            try {
                m.index().train(n, x, deadlineListener(deadline, null));
            } catch (CancellationException e) {
                throw new ServiceException(
                        ErrorCode.TIMEOUT, "Operation timed out (training cancelled; the index is left untrained)");
            } catch (RuntimeException e) {
                throw trainingError(e.getMessage());
            }
            return trained(m, n);
        });
    }

    /** The reply of a finished training of n vectors. */
    static TrainResult trained(ManagedIndex m, int n) {
        Index index = m.index();
        long recommended = IndexDetails.recommendedTrainingVectors(index);
        boolean enough = n >= recommended;
        String recommendation =
                enough ? null : "For optimal results, consider using at least " + recommended + " training vectors";
        return new TrainResult(false, index.isTrained(), n, enough, recommendation, IndexDetails.trainingInfo(index));
    }

    /**
     * Checks a training request (call under the write lock): the "skipped" result for indexes that
     * need no training, null if training may start.
     *
     * @throws ServiceException TRAINING_ERROR for an invalid request
     */
    static TrainResult checkTrainable(ManagedIndex m, String id, int n, int width) {
        Index index = m.index();
        if (!IndexDetails.requiresTraining(index)) {
            // never touched (faissx-protocol.md §9.6), even without vectors
            return new TrainResult(true, index.isTrained(), 0, true, null, IndexDetails.trainingInfo(index));
        }
        if (n == 0) {
            throw trainingError("no training vectors were provided");
        }
        checkWidth(m, width);
        long stored = m.storage().ntotal();
        if (index.isTrained() && stored > 0) {
            throw trainingError("index " + id + " is trained and holds " + stored
                    + " vectors; training again would invalidate them (reset it first)");
        }
        long min = IndexDetails.minTrainingVectors(index);
        if (n < min) {
            throw trainingError("Number of training points (" + n
                    + ") should be at least as large as number of clusters (" + min + ")");
        }
        return null;
    }

    static ServiceException trainingError(String text) {
        return new ServiceException(ErrorCode.TRAINING_ERROR, "Training error: " + text);
    }

    // ---------------------------------------------------------------- checks

    static void checkTrained(ManagedIndex m) {
        if (m.trainingActive) {
            throw IndexService.trainingInProgress(m.id());
        }
        if (!m.index().isTrained()) {
            throw new ServiceException(ErrorCode.NOT_TRAINED, "Index is not ready: Index requires training before use");
        }
    }

    static void checkWidth(ManagedIndex m, int width) {
        if (width != m.index().d()) {
            throw new DimensionMismatchException(m.index().d(), width);
        }
    }

    private static void checkResults(int n, int k) {
        if ((long) n * k > MAX_RESULTS) {
            throw tooLarge(n + " queries x k=" + k + " results exceed " + MAX_RESULTS);
        }
    }

    /** Vectors of a base wrapped by an IDMap change only through the wrapper (its id map would break). */
    static void checkNotWrapped(ManagedIndex m) {
        if (m.isIdMap()) {
            return;
        }
        for (ManagedIndex member : m.group.members) {
            if (member != m && member.isIdMap() && !member.deleted) {
                throw new ServiceException(
                        ErrorCode.FAILED_PRECONDITION,
                        "Index " + m.id() + " is the storage of IDMap index " + member.id()
                                + "; change its vectors through the IDMap index");
            }
        }
    }

    /** Removal must renumber positions in order (flat and flat-code storage), see IndexDetails. */
    static void checkRemovable(ManagedIndex m, String what) {
        if (!IndexDetails.removable(m.index())) {
            throw new ServiceException(
                    ErrorCode.UNSUPPORTED,
                    what + " is not supported for " + IndexDetails.className(IndexDetails.storage(m.index()))
                            + " storage (index " + m.id() + "): it cannot renumber the remaining vectors");
        }
    }

    /**
     * Stored vector at a label of a non-IDMap index (a position); IVF indexes have no direct map, so
     * their list scan ({@link Index#reconstructN}) is used.
     */
    static void reconstructAt(Index index, long label, float[] out) {
        if (index instanceof IndexIVF) {
            index.reconstructN(label, 1, out);
        } else {
            index.reconstruct(label, out);
        }
    }

    /** A wrapper may change the shared storage only while it maps every stored vector. */
    static void checkAligned(ManagedIndex m) {
        if (m.index() instanceof IndexIDMap map && map.getIndex().ntotal() != map.ntotal()) {
            throw new ServiceException(
                    ErrorCode.FAILED_PRECONDITION,
                    "IDMap index " + m.id() + " maps " + map.ntotal() + " vectors but its base holds "
                            + map.getIndex().ntotal() + " (the base was changed through another index)");
        }
    }

    /** user id -&gt; inner position of an IDMap (the last one for duplicate ids, as IDMap2 does). */
    private static Map<Long, Integer> positionsById(ManagedIndex m) {
        long[] ids = ((IndexIDMap) m.index()).getIdMap();
        Map<Long, Integer> positions = new HashMap<>(ids.length * 2);
        for (int i = 0; i < ids.length; i++) {
            positions.put(ids[i], i);
        }
        return positions;
    }

    private static ServiceException idNotFound(long key) {
        return new ServiceException(ErrorCode.NOT_FOUND, "ID " + key + " not found in index");
    }

    private static ServiceException invalid(String message) {
        return new ServiceException(ErrorCode.INVALID_ARGUMENT, message);
    }

    private static ServiceException tooLarge(String what) {
        return new ServiceException(ErrorCode.RESPONSE_TOO_LARGE, "Response too large: " + what);
    }
}
