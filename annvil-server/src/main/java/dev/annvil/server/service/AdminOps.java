package dev.annvil.server.service;

import dev.annvil.ClusteringParameters;
import dev.annvil.IDSelectorBatch;
import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexHNSW;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIVF;
import dev.annvil.Kmeans;
import dev.annvil.ProgressListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * The index-management operations of {@link IndexService} beyond add/search (faissx-protocol.md
 * §9.12-§9.21): merge, replace, optimize, parameters, status, vectors, recluster and clustering.
 * Every mutation validates all of its arguments before it changes anything.
 */
public final class AdminOps {
    /** Most k-means iterations compute_clustering accepts. */
    static final int MAX_NITER = 10_000;

    private final IndexService service;

    AdminOps(IndexService service) {
        this.service = service;
    }

    // ---------------------------------------------------------------- merge

    /**
     * Per-source outcome of a merge.
     *
     * @param added vectors appended to the target
     * @param type "extract_add" (new positions/ids) or "add_with_ids" (ids kept, IDMap to IDMap)
     */
    public record SourceStat(long added, String type) {}

    /** The outcome of a merge: the target's size afterwards and one entry per distinct source. */
    public record MergeResult(long ntotal, Map<String, SourceStat> sources) {}

    private record Extracted(String id, int n, float[] x, long[] ids) {}

    MergeResult merge(String targetId, List<String> sourceIds) {
        if (sourceIds.isEmpty()) {
            throw invalid("No source indices provided for merging");
        }
        ManagedIndex target = find(targetId, "Target index ");
        int d = service.read(targetId, m -> m.index().d());
        for (String s : sourceIds) {
            find(s, "Source index ");
            if (s.equals(targetId)) {
                throw invalid("Cannot merge index " + s + " into itself");
            }
        }
        List<Extracted> parts = new ArrayList<>();
        long total = 0;
        for (String s : sourceIds) {
            Extracted e = service.read(s, m -> extract(m, d));
            total += e.n();
            if (total * d > VectorOps.MAX_REPLY_FLOATS) {
                throw new ServiceException(
                        ErrorCode.FAILED_PRECONDITION,
                        "Error merging indices: more than " + VectorOps.MAX_REPLY_FLOATS + " floats to merge");
            }
            parts.add(e);
        }
        int n = (int) total;
        float[] x = new float[n * d];
        int row = 0;
        for (Extracted e : parts) {
            System.arraycopy(e.x(), 0, x, row * d, e.n() * d);
            row += e.n();
        }
        long deadline = System.nanoTime() + service.requestTimeoutNanos();
        // vectors a cancelled add kept (HNSW: whole rounds; the others: none), -1 if not cancelled
        long[] keptOnTimeout = {-1};
        MergeResult result = service.write(target.id(), m -> {
            VectorOps.checkTrained(m);
            VectorOps.checkNotWrapped(m);
            VectorOps.checkAligned(m);
            Map<String, SourceStat> stats = new LinkedHashMap<>();
            if (m.isIdMap()) {
                long[] ids = new long[n];
                long next = m.index().ntotal();
                int r = 0;
                for (Extracted e : parts) {
                    for (int i = 0; i < e.n(); i++) {
                        ids[r++] = e.ids() != null ? e.ids()[i] : next++;
                    }
                    stats.merge(
                            e.id(),
                            new SourceStat(e.n(), e.ids() != null ? "add_with_ids" : "extract_add"),
                            (a, b) -> new SourceStat(a.added() + b.added(), a.type()));
                }
                long before = m.index().ntotal();
                try {
                    m.index().addWithIds(n, x, ids, VectorOps.deadlineListener(deadline, null));
                } catch (CancellationException e) {
                    keptOnTimeout[0] = m.index().ntotal() - before;
                }
            } else {
                for (Extracted e : parts) {
                    stats.merge(
                            e.id(),
                            new SourceStat(e.n(), "extract_add"),
                            (a, b) -> new SourceStat(a.added() + b.added(), a.type()));
                }
                long before = m.index().ntotal();
                try {
                    m.index().add(n, x, VectorOps.deadlineListener(deadline, null));
                } catch (CancellationException e) {
                    keptOnTimeout[0] = m.index().ntotal() - before;
                }
            }
            return new MergeResult(m.index().ntotal(), stats);
        });
        if (keptOnTimeout[0] >= 0) {
            throw new ServiceException(
                    ErrorCode.TIMEOUT,
                    "Operation timed out (merge_indices cancelled after " + keptOnTimeout[0] + " of " + n
                            + " vectors were added)");
        }
        return result;
    }

    private static Extracted extract(ManagedIndex m, int targetDimension) {
        Index index = m.index();
        if (index.d() != targetDimension) {
            throw invalid("Dimension mismatch: target dimension is " + targetDimension + ", but source index " + m.id()
                    + " has dimension " + index.d());
        }
        int n = Math.toIntExact(index.ntotal());
        float[] x = new float[n * index.d()];
        if (n > 0) {
            m.storage().reconstructN(0, n, x);
        }
        long[] ids = index instanceof IndexIDMap map ? map.getIdMap() : null;
        return new Extracted(m.id(), n, x, ids);
    }

    /** The index, or NOT_FOUND "&lt;prefix&gt;&lt;id&gt; not found" (merge wording, §9.12). */
    private ManagedIndex find(String id, String prefix) {
        try {
            return service.get(id);
        } catch (IndexNotFoundException e) {
            throw new ServiceException(ErrorCode.NOT_FOUND, prefix + id + " not found");
        }
    }

    // ---------------------------------------------------------------- replace

    CountResult replaceVector(String id, long key, int width, float[] v) {
        return service.write(id, m -> {
            if (!m.isIdMap()) {
                throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "Index " + id + " is not an IDMap type");
            }
            VectorOps.checkTrained(m);
            VectorOps.checkWidth(m, width);
            VectorOps.checkAligned(m);
            VectorOps.checkRemovable(m, "replace_vector");
            if (!Arrays.stream(((IndexIDMap) m.index()).getIdMap()).anyMatch(x -> x == key)) {
                throw new ServiceException(ErrorCode.NOT_FOUND, "ID " + key + " not found in index");
            }
            m.index().removeIds(new IDSelectorBatch(new long[] {key}));
            m.index().addWithIds(1, v, new long[] {key});
            return new CountResult(1, m.index().ntotal());
        });
    }

    // ---------------------------------------------------------------- optimize

    /** The outcome of optimize_index: the FAISS class and the changes made. */
    public record OptimizeResult(String indexType, List<String> optimizations) {}

    OptimizeResult optimize(String id, long level) {
        return service.write(id, m -> {
            Index index = m.index();
            IndexIVF ivf = IndexDetails.ivf(index);
            List<String> done = new ArrayList<>();
            if (ivf != null) {
                if (!ivf.isTrained() && ivf.ntotal() == 0) {
                    throw new ServiceException(
                            ErrorCode.NOT_TRAINED, "Index requires training data before optimization");
                }
                int nlist = ivf.nlist();
                int nprobe = level == 1
                        ? Math.max(1, Math.min(10, nlist / 10))
                        : level == 2 ? Math.max(1, Math.min(50, nlist / 5)) : Math.max(1, Math.min(100, nlist / 2));
                ivf.setNprobe(nprobe);
                done.add("set_nprobe_" + nprobe);
            } else if (IndexDetails.storage(index) instanceof IndexFlat) {
                done.add("flat_index_no_optimization");
            }
            return new OptimizeResult(IndexDetails.className(index), done);
        });
    }

    // ---------------------------------------------------------------- parameters

    /** set_parameter (§9.21): stored on the index (search {@code params} never are). */
    String setParameter(String id, String name, Object value) {
        return service.write(id, m -> {
            Index index = m.index();
            IndexIVF ivf = IndexDetails.ivf(index);
            IndexHNSW hnsw = IndexDetails.hnsw(index);
            switch (name) {
                case "nprobe" -> {
                    if (ivf != null) {
                        ivf.setNprobe(positiveInt(name, value));
                        return "Set nprobe=" + value + " for index " + id;
                    }
                }
                case "efSearch" -> {
                    if (hnsw != null) {
                        hnsw.setEfSearch(positiveInt(name, value));
                        return "Set efSearch=" + value + " for index " + id;
                    }
                }
                case "efConstruction" -> {
                    if (hnsw != null) {
                        hnsw.setEfConstruction(positiveInt(name, value));
                        return "Set efConstruction=" + value + " for index " + id;
                    }
                }
                case "quantizer_type" -> {
                    if (ivf != null) {
                        throw unsupported("Changing quantizer_type is not supported after index creation");
                    }
                }
                case "M" -> {
                    if (hnsw != null) {
                        throw unsupported("Changing HNSW M parameter after index creation is not supported");
                    }
                    if (IndexDetails.storage(index) instanceof dev.annvil.IndexPQ) {
                        throw unsupported("Changing PQ M after index creation is not supported");
                    }
                }
                case "nbits" -> {
                    if (IndexDetails.storage(index) instanceof dev.annvil.IndexPQ) {
                        throw unsupported("Changing PQ nbits after index creation is not supported");
                    }
                }
                case "add_id_range" -> throw unsupported("add_id_range should be used with add_with_ids method");
                case "remove_ids" -> throw unsupported("remove_ids should be used with the remove_ids method");
                default -> {}
            }
            throw unsupported(
                    "Parameter " + name + " not supported for this index type (" + IndexDetails.className(index) + ")");
        });
    }

    private static int positiveInt(String name, Object value) {
        if (value instanceof Long l && l > 0 && l <= Integer.MAX_VALUE) {
            return (int) (long) l;
        }
        throw invalid(name + " must be a positive integer");
    }

    /** get_parameter (§9.21). */
    Object getParameter(String id, String name) {
        return service.read(id, m -> {
            Index index = m.index();
            IndexIVF ivf = IndexDetails.ivf(index);
            IndexHNSW hnsw = IndexDetails.hnsw(index);
            Object v = switch (name) {
                case "is_trained" -> index.isTrained();
                case "dimension" -> (long) index.d();
                case "ntotal" -> index.ntotal();
                case "metric_type" -> index.metricType() == dev.annvil.MetricType.L2 ? "L2" : "IP";
                case "nprobe" -> ivf == null ? null : (long) ivf.nprobe();
                case "nlist" -> ivf == null ? null : (long) ivf.nlist();
                case "efSearch" -> hnsw == null ? null : (long) hnsw.efSearch();
                case "efConstruction" -> hnsw == null ? null : (long) hnsw.efConstruction();
                case "M" -> hnsw == null ? null : (long) hnsw.M();
                default -> null;
            };
            if (v == null) {
                throw unsupported("Parameter " + name + " not supported for this index type");
            }
            return v;
        });
    }

    // ---------------------------------------------------------------- status and vectors

    /**
     * What get_index_status / get_index_info report (§9.21).
     *
     * @param info metadata
     * @param trainingInfo the training_info map
     * @param recommendedTrainingVectors the reference's recommendation, 0 if none
     * @param bytesPerVector approximate storage per vector
     * @param ramBytes estimated memory
     * @param storagePath the snapshot file, or null when not persisted
     */
    public record IndexStatus(
            IndexInfo info,
            Map<String, Object> trainingInfo,
            long recommendedTrainingVectors,
            long bytesPerVector,
            long ramBytes,
            String storagePath) {}

    IndexStatus status(String id) {
        return service.read(id, m -> {
            java.nio.file.Path path = service.storagePath(m);
            return new IndexStatus(
                    IndexInfo.of(m),
                    IndexDetails.trainingInfo(m.index()),
                    IndexDetails.recommendedTrainingVectors(m.index()),
                    IndexDetails.bytesPerVector(m.index()),
                    IndexDetails.ramBytes(m.index()),
                    path == null ? null : path.toString());
        });
    }

    /**
     * A page of stored vectors (get_vectors).
     *
     * @param x count * d floats
     * @param ids the user ids of those positions for IDMap indexes, else null
     */
    public record VectorsPage(long start, int count, int d, long ntotal, float[] x, long[] ids) {}

    VectorsPage vectors(String id, long start, Long limit) {
        return service.read(id, m -> {
            long ntotal = m.index().ntotal();
            int d = m.index().d();
            if (ntotal == 0 && start == 0) {
                return new VectorsPage(0, 0, d, 0, new float[0], m.isIdMap() ? new long[0] : null);
            }
            if (start < 0 || start >= ntotal) {
                throw invalid("Invalid start_idx: " + start + ", should be between 0 and " + (ntotal - 1));
            }
            if (limit != null && limit < 0) {
                throw invalid("Invalid limit: " + limit + ", should be non-negative");
            }
            long count = limit == null ? ntotal - start : Math.min(limit, ntotal - start);
            if (count * d > VectorOps.MAX_REPLY_FLOATS) {
                throw new ServiceException(
                        ErrorCode.RESPONSE_TOO_LARGE,
                        "Response too large: " + count + " vectors x d=" + d + " floats exceed "
                                + VectorOps.MAX_REPLY_FLOATS + " (use start_idx and limit)");
            }
            float[] x = new float[(int) count * d];
            if (count > 0) {
                m.storage().reconstructN(start, (int) count, x);
            }
            long[] ids = m.index() instanceof IndexIDMap map
                    ? Arrays.copyOfRange(map.getIdMap(), (int) start, (int) (start + count))
                    : null;
            return new VectorsPage(start, (int) count, d, ntotal, x, ids);
        });
    }

    // ---------------------------------------------------------------- recluster

    /** The outcome of recluster_index. */
    public record ReclusterResult(int previousNlist, int newNlist, long ntotal) {}

    ReclusterResult recluster(String id, Long nClusters, double sampleRatio) {
        ProgressListener deadline = VectorOps.deadlineListener(System.nanoTime() + service.requestTimeoutNanos(), null);
        return service.write(id, m -> {
            Index index = m.index();
            if (!(index instanceof IndexIVF ivf)) {
                throw unsupported("Reclustering only supported for IVF indices, not " + IndexDetails.className(index));
            }
            long n = ivf.ntotal();
            if (n == 0) {
                throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "Index is empty, cannot recluster");
            }
            for (ManagedIndex member : m.group.members) {
                if (member != m) {
                    throw new ServiceException(
                            ErrorCode.FAILED_PRECONDITION,
                            "Error reclustering index: index " + id + " is the storage of IDMap index " + member.id());
                }
            }
            if (!(m.spec() instanceof IndexSpec.Ivf spec)) {
                throw unsupported("Error reclustering index: index " + id + " (" + m.indexType()
                        + ") was not created from an IVF type string");
            }
            long k = nClusters == null ? ivf.nlist() : nClusters;
            if (k < 1 || k > IndexTypes.MAX_NLIST) {
                throw invalid("n_clusters must be between 1 and " + IndexTypes.MAX_NLIST + ", got " + k);
            }
            if (!(sampleRatio > 0 && sampleRatio <= 1)) {
                throw invalid("sample_ratio must be in (0, 1], got " + sampleRatio);
            }
            if (n < k) {
                throw new ServiceException(
                        ErrorCode.FAILED_PRECONDITION,
                        "Error reclustering index: Number of training points (" + n
                                + ") should be at least as large as number of clusters (" + k + ")");
            }
            int d = ivf.d();
            if (n * d > VectorOps.MAX_REPLY_FLOATS) {
                throw new ServiceException(
                        ErrorCode.FAILED_PRECONDITION, "Error reclustering index: index too large to recluster");
            }
            int rows = (int) n;
            float[] all = new float[rows * d];
            ivf.reconstructN(0, rows, all);
            int sampleRows = (int) Math.min(rows, Math.max(k, Math.ceil(rows * sampleRatio)));
            float[] sample = sample(all, rows, d, sampleRows);
            IndexSpec.Ivf newSpec = spec.withNlist((int) k);
            Index rebuilt;
            try {
                rebuilt = rebuildTrained(newSpec, d, sampleRows, sample, deadline);
            } catch (IllegalArgumentException e) {
                if (sampleRows == rows) {
                    throw reclusterError(e);
                }
                // the encoder may need more points than the sample (PQ: 2^nbits): train on all
                try {
                    rebuilt = rebuildTrained(newSpec, d, rows, all, deadline);
                } catch (RuntimeException again) {
                    throw reclusterError(again);
                }
            } catch (RuntimeException e) {
                throw reclusterError(e);
            }
            IndexIVF r = (IndexIVF) rebuilt;
            r.setNprobe(Math.min(ivf.nprobe(), (int) k));
            try {
                r.add(rows, all, deadline);
            } catch (RuntimeException e) {
                throw reclusterError(e);
            }
            int previous = ivf.nlist();
            m.replace(rebuilt, newSpec, newSpec.typeString());
            m.persistence = service.persistenceOf(rebuilt);
            return new ReclusterResult(previous, (int) k, rebuilt.ntotal());
        });
    }

    private static Index rebuildTrained(IndexSpec.Ivf spec, int d, int n, float[] x, ProgressListener listener) {
        Index index = IndexService.build(spec, spec.typeString(), d);
        index.train(n, x, listener);
        return index;
    }

    /** The service error of a failed recluster; the index is unchanged (the rebuilt one is dropped). */
    private static ServiceException reclusterError(RuntimeException e) {
        if (e instanceof CancellationException) {
            return new ServiceException(
                    ErrorCode.TIMEOUT, "Operation timed out (recluster_index cancelled; the index is unchanged)");
        }
        return e instanceof ServiceException se
                ? se
                : new ServiceException(ErrorCode.FAILED_PRECONDITION, "Error reclustering index: " + e.getMessage());
    }

    /** m distinct rows of x chosen with a fixed seed, in their original order. */
    private static float[] sample(float[] x, int n, int d, int m) {
        if (m >= n) {
            return x;
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Random rnd = new Random(1234);
        for (int i = 0; i < m; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] chosen = Arrays.copyOf(perm, m);
        Arrays.sort(chosen);
        float[] out = new float[m * d];
        for (int i = 0; i < m; i++) {
            System.arraycopy(x, chosen[i] * d, out, i * d, d);
        }
        return out;
    }

    // ---------------------------------------------------------------- clustering

    /**
     * The outcome of compute_clustering.
     *
     * @param centroids k * d floats
     * @param assignments nearest centroid of each vector
     * @param sizes vectors per centroid
     * @param objective final k-means objective (sum of squared L2 distances)
     */
    public record ClusteringResult(
            int k, int d, float[] centroids, long[] assignments, long[] sizes, double objective) {}

    static ClusteringResult cluster(int n, int d, float[] x, int k, int niter) {
        if (n == 0) {
            throw invalid("No vectors provided for clustering");
        }
        if (k < 1) {
            throw invalid("Number of clusters must be positive, got " + k);
        }
        if (n < k) {
            throw invalid("Number of vectors (" + n + ") must be >= number of clusters (" + k + ")");
        }
        if (niter < 0 || niter > MAX_NITER) {
            throw invalid("niter must be between 0 and " + MAX_NITER + ", got " + niter);
        }
        try {
            Kmeans km = new Kmeans(d, k, ClusteringParameters.DEFAULT.withNiter(niter));
            double obj = km.train(n, x);
            float[] distances = new float[n];
            long[] labels = new long[n];
            km.assign(n, x, distances, labels);
            long[] sizes = new long[k];
            for (long l : labels) {
                sizes[(int) l]++;
            }
            return new ClusteringResult(k, d, km.centroids(), labels, sizes, obj);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServiceException(ErrorCode.FAILED_PRECONDITION, "Error computing clusters: " + e.getMessage());
        }
    }

    private static ServiceException invalid(String message) {
        return new ServiceException(ErrorCode.INVALID_ARGUMENT, message);
    }

    private static ServiceException unsupported(String message) {
        return new ServiceException(ErrorCode.UNSUPPORTED, message);
    }
}
