package dev.annvil.server.service;

import dev.annvil.IDSelectorBatch;
import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIDMap2;
import dev.annvil.RangeSearchResult;
import dev.annvil.SearchResult;
import java.util.HashMap;
import java.util.Map;

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

    CountResult add(String id, int n, int width, float[] x) {
        return service.write(id, m -> {
            checkTrained(m);
            checkWidth(m, width);
            checkNotWrapped(m);
            m.index().add(n, x);
            return new CountResult(n, m.index().ntotal());
        });
    }

    CountResult addWithIds(String id, int n, int width, float[] x, long[] ids) {
        return service.write(id, m -> {
            if (!m.isIdMap()) {
                throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "Index " + id + " is not an IDMap type");
            }
            checkTrained(m);
            checkWidth(m, width);
            if (ids.length != n) {
                throw new ServiceException(
                        ErrorCode.INVALID_ARGUMENT,
                        "Number of vectors (" + n + ") doesn't match number of IDs (" + ids.length + ")");
            }
            checkAligned(m);
            m.index().addWithIds(n, x, ids);
            return new CountResult(n, m.index().ntotal());
        });
    }

    SearchResult search(String id, int n, int width, float[] x, int k) {
        checkResults(n, k);
        return service.read(id, m -> {
            checkTrained(m);
            checkWidth(m, width);
            float[] distances = new float[n * k];
            long[] labels = new long[n * k];
            m.index().search(n, x, k, distances, labels, null);
            return new SearchResult(n, k, distances, labels);
        });
    }

    ReconstructedSearch searchAndReconstruct(String id, int n, int width, float[] x, int k) {
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
            m.index().search(n, x, k, distances, labels, null);
            float[] vectors = new float[n * k * d];
            float[] one = new float[d];
            Map<Long, Integer> positions = m.kind() == ManagedIndex.Kind.IDMAP ? positionsById(m) : null;
            for (int i = 0; i < n * k; i++) {
                long label = labels[i];
                if (label < 0) {
                    continue;
                }
                if (positions != null) {
                    m.storage().reconstruct(positions.get(label), one);
                } else {
                    m.index().reconstruct(label, one);
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
                    index.reconstruct(key, out);
                }
                case IDMAP2 -> {
                    if (!((IndexIDMap2) index).containsId(key)) {
                        throw idNotFound(key);
                    }
                    index.reconstruct(key, out);
                }
                case IDMAP -> {
                    Integer pos = positionsById(m).get(key);
                    if (pos == null) {
                        throw idNotFound(key);
                    }
                    m.storage().reconstruct(pos, out);
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

    TrainResult train(String id, int n, int width, float[] x) {
        boolean needsTraining = service.read(id, m -> !(m.storage() instanceof IndexFlat));
        if (!needsTraining) {
            return new TrainResult(true, true, 0);
        }
        return service.write(id, m -> {
            checkWidth(m, width);
            try {
                m.index().train(n, x);
            } catch (RuntimeException e) {
                throw new ServiceException(ErrorCode.TRAINING_ERROR, "Training error: " + e.getMessage());
            }
            return new TrainResult(false, m.index().isTrained(), n);
        });
    }

    // ---------------------------------------------------------------- checks

    private static void checkTrained(ManagedIndex m) {
        if (!m.index().isTrained()) {
            throw new ServiceException(ErrorCode.NOT_TRAINED, "Index is not ready: Index requires training before use");
        }
    }

    private static void checkWidth(ManagedIndex m, int width) {
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
    private static void checkNotWrapped(ManagedIndex m) {
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

    /** A wrapper may change the shared storage only while it maps every stored vector. */
    private static void checkAligned(ManagedIndex m) {
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
