package dev.annvil.server.zmq;

import static dev.annvil.server.zmq.FaissxActions.DOES_NOT_EXIST;
import static dev.annvil.server.zmq.FaissxActions.NOT_FOUND;
import static dev.annvil.server.zmq.FaissxActions.QUERY_MISMATCH;
import static dev.annvil.server.zmq.FaissxActions.reply;
import static dev.annvil.server.zmq.RequestFields.integer;
import static dev.annvil.server.zmq.RequestFields.invalid;
import static dev.annvil.server.zmq.RequestFields.string;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.WireTypes;
import dev.annvil.server.service.AdminOps;
import dev.annvil.server.service.CountResult;
import dev.annvil.server.service.ErrorCode;
import dev.annvil.server.service.IndexInfo;
import dev.annvil.server.service.IndexService;
import dev.annvil.server.service.ManagedIndex;
import dev.annvil.server.service.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The FAISSx actions beyond the basic vector operations (faissx-protocol.md §9.12, §9.16-§9.21):
 * merge, replace, batch add, optimize, clustering, hybrid search, status/info, clear, vectors,
 * parameters, recluster and the transform actions. Registered into {@link FaissxActions#table}.
 */
final class FaissxManagementActions {
    private static final String VECTOR_MISMATCH = "Vector dimension mismatch: expected %d, got %d";

    private final IndexService service;
    private final FaissxActions basic;

    FaissxManagementActions(IndexService service, FaissxActions basic) {
        this.service = service;
        this.basic = basic;
    }

    void register(Map<String, FaissxActions.Action> t) {
        t.put("merge_indices", action(this::mergeIndices, NOT_FOUND, "Error merging indices: "));
        t.put(
                "replace_vector",
                new FaissxActions.Action(
                        this::replaceVector, DOES_NOT_EXIST, VECTOR_MISMATCH, "Error replacing vector: "));
        t.put(
                "batch_add_with_ids",
                new FaissxActions.Action(
                        this::batchAddWithIds, NOT_FOUND, VECTOR_MISMATCH, "Error adding vectors with IDs: "));
        t.put("optimize_index", action(this::optimizeIndex, NOT_FOUND, "Error optimizing index: "));
        t.put(
                "compute_clustering",
                new FaissxActions.Action(
                        this::computeClustering, NOT_FOUND, VECTOR_MISMATCH, "Error computing clusters: "));
        t.put(
                "hybrid_search",
                new FaissxActions.Action(this::hybridSearch, NOT_FOUND, QUERY_MISMATCH, "Error searching index: "));
        t.put("get_index_status", action(this::indexStatus, NOT_FOUND, "Error getting index status: "));
        t.put("get_index_info", action(this::indexInfo, NOT_FOUND, "Error getting index info: "));
        t.put("clear", action(this::clear, NOT_FOUND, "Error clearing index: "));
        t.put("get_vectors", action(this::getVectors, NOT_FOUND, "Error retrieving vectors: "));
        t.put("set_parameter", action(this::setParameter, NOT_FOUND, "Error setting parameter: "));
        t.put("get_parameter", action(this::getParameter, NOT_FOUND, "Error getting parameter: "));
        t.put("recluster_index", action(this::reclusterIndex, NOT_FOUND, "Error reclustering index: "));
        t.put("apply_transform", action(this::transform, NOT_FOUND, "Error applying transform: "));
        t.put("get_transform_info", action(this::transform, NOT_FOUND, "Error getting transform info: "));
    }

    private static FaissxActions.Action action(FaissxActions.Handler h, String notFound, String prefix) {
        return new FaissxActions.Action(h, notFound, QUERY_MISMATCH, prefix);
    }

    // ---------------------------------------------------------------- §9.12 merge_indices

    private Map<String, Object> mergeIndices(Map<String, Object> req) {
        // the client's swapped call sends a list as target_index_id: RequestFields.string refuses it
        String target = string(req, "target_index_id", "");
        Object sources = req.get("source_index_ids");
        List<String> ids = new ArrayList<>();
        if (sources instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s)) {
                    throw invalid("source_index_ids must be an array of str, got an element " + WireTypes.describe(o));
                }
                ids.add(s);
            }
        } else if (sources != null) {
            throw invalid("source_index_ids must be an array of str, got " + WireTypes.describe(sources));
        }
        AdminOps.MergeResult m = service.merge(target, ids);
        Map<String, Object> stats = new LinkedHashMap<>();
        m.sources()
                .forEach((id, s) ->
                        stats.put(id, Map.of("vectors_added", s.added(), "type", s.type(), "actual_added", s.added())));
        Map<String, Object> r = reply();
        r.put(
                "message",
                "Successfully merged " + ids.size() + " indices into " + target + ", new total: " + m.ntotal()
                        + " vectors");
        r.put("ntotal", m.ntotal());
        r.put("merged_stats", stats);
        // no index_id (§14 M12): the client would re-point itself at it with ntotal 0
        return r;
    }

    // ---------------------------------------------------------------- §9.16 replace_vector

    private Map<String, Object> replaceVector(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.info(id);
        if (req.get("id") == null) {
            throw invalid("id is required");
        }
        long key = integer(req, "id", 0);
        Object v = req.get("vector");
        FloatMatrix x = v instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof List<?>
                ? RequestFields.matrix(req, "vector")
                : FloatMatrix.from("vector", v == null ? List.of() : List.of(v));
        if (x.rows() != 1) {
            throw invalid("vector must be one vector, got " + x.rows());
        }
        CountResult c = service.replaceVector(id, key, x.width(), x.data());
        Map<String, Object> r = reply();
        r.put("message", "Replaced vector " + key + " in index " + id);
        r.put("count", c.count());
        r.put("total", c.ntotal());
        r.put("ntotal", c.ntotal());
        return r;
    }

    // ---------------------------------------------------------------- §9.17 batch_add_with_ids

    private Map<String, Object> batchAddWithIds(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        IndexInfo info = service.info(id);
        long batchSize = integer(req, "batch_size", 1000);
        if (batchSize < 1) {
            throw invalid("batch_size must be a positive integer, got " + batchSize);
        }
        if (!info.isIdMap()) {
            throw new ServiceException(
                    ErrorCode.FAILED_PRECONDITION,
                    "add_with_ids requires an IDMap index, but " + id + " is " + info.faissClassName());
        }
        FloatMatrix x = RequestFields.matrix(req, "vectors");
        long[] ids = RequestFields.ids(req, "ids");
        // one atomic add: batch_size only chunked the reference's work
        CountResult c = service.addWithIds(id, x.rows(), x.width(), x.data(), ids == null ? new long[0] : ids);
        Map<String, Object> r = reply();
        r.put("message", "Added " + c.count() + " vectors with IDs to index " + id);
        r.put("ntotal", c.ntotal());
        r.put("total", c.ntotal());
        r.put("count", c.count());
        return r;
    }

    // ---------------------------------------------------------------- §9.18 optimize_index

    private Map<String, Object> optimizeIndex(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        long level = integer(req, "optimization_level", 1);
        AdminOps.OptimizeResult o = service.optimize(id, level);
        Map<String, Object> r = reply();
        r.put("message", "Applied " + o.optimizations().size() + " optimizations to index " + id);
        r.put("index_type", o.indexType());
        r.put("optimizations", o.optimizations());
        r.put("optimization_level", level);
        return r;
    }

    // ---------------------------------------------------------------- §9.19 compute_clustering

    private Map<String, Object> computeClustering(Map<String, Object> req) {
        FloatMatrix x = RequestFields.matrix(req, "vectors");
        if (x.rows() == 0) {
            throw invalid("No vectors provided for clustering");
        }
        if (req.get("n_clusters") == null) {
            throw invalid("Number of clusters not specified");
        }
        long k = integer(req, "n_clusters", 0);
        if (k > x.rows()) {
            throw invalid("Number of vectors (" + x.rows() + ") must be >= number of clusters (" + k + ")");
        }
        String metric = string(req, "metric_type", "L2");
        switch (metric.toUpperCase(Locale.ROOT)) {
            case "L2", "IP", "INNER_PRODUCT" -> {}
            default -> throw invalid("Unknown metric type: " + metric);
        }
        long niter = integer(req, "niter", 25);
        AdminOps.ClusteringResult c = service.computeClustering(
                x.rows(), x.width(), x.data(), (int) Math.max(Integer.MIN_VALUE, k), (int) Math.min(niter, 1L << 20));
        Map<String, Object> r = reply();
        r.put("centroids", new FloatMatrix(c.k(), c.d(), c.centroids()));
        r.put("assignments", c.assignments());
        r.put("cluster_sizes", c.sizes());
        r.put("n_clusters", c.k());
        r.put("dimension", c.d());
        r.put("obj", c.objective());
        return r;
    }

    // ---------------------------------------------------------------- §9.20 hybrid_search

    private Map<String, Object> hybridSearch(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.info(id);
        RequestFields.number(req, "vector_weight", 0.5); // accepted, ignored (as the reference)
        if (req.get("metadata_filter") != null) {
            throw new ServiceException(
                    ErrorCode.UNSUPPORTED,
                    "Metadata filtering is not yet implemented. Use hybrid_search without metadata_filter for pure"
                            + " vector similarity search.");
        }
        return basic.search(req);
    }

    // ---------------------------------------------------------------- §9.21 status and info

    private static String persistenceName(ManagedIndex.Persistence p) {
        return switch (p) {
            case NONE -> "none";
            case FILE -> "file";
            case MEMORY_ONLY -> "memory_only";
        };
    }

    private static Map<String, Object> statusMap(AdminOps.IndexStatus s) {
        IndexInfo info = s.info();
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("index_id", info.indexId());
        st.put("dimension", info.dimension());
        st.put("ntotal", info.ntotal());
        st.put("index_type", info.faissClassName());
        st.put("type_string", info.indexType());
        st.put("is_trained", info.trained());
        st.put("requires_training", info.requiresTraining());
        st.put("is_ready_for_use", info.trained());
        if (!info.trained()) {
            st.put("ready_reason", "Index requires training before use");
        }
        if (info.requiresTraining()) {
            st.put("training_info", s.trainingInfo());
            st.put("recommended_training_vectors", s.recommendedTrainingVectors());
        }
        st.putAll(info.parameters());
        FaissxActions.putIdMapKeys(st, info);
        st.put("persistent", info.persistence() == ManagedIndex.Persistence.FILE);
        st.put("persistence", persistenceName(info.persistence()));
        return st;
    }

    private Map<String, Object> indexStatus(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        AdminOps.IndexStatus s = service.status(id);
        Map<String, Object> r = reply();
        r.put("index_id", id);
        r.put("is_trained", s.info().trained()); // §14 M16: the client reads it at the top level
        Map<String, Object> st = statusMap(s);
        // Annvil extension: state of a background training (train_index with "background": true)
        IndexService.TrainingState training = service.trainingState(id);
        for (Map<String, Object> m : List.of(r, st)) {
            m.put("training_status", training.status());
            m.put("training_progress", training.progress());
            m.put("training_error", training.error());
        }
        if ("training".equals(training.status())) {
            st.put("is_ready_for_use", false);
            st.put("ready_reason", "Training in progress");
        }
        r.put("status", st);
        return r;
    }

    private Map<String, Object> indexInfo(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        AdminOps.IndexStatus s = service.status(id);
        IndexInfo info = s.info();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("vectors_count", info.ntotal());
        metrics.put("dimension", info.dimension());
        metrics.put("byte_size_per_vector", s.bytesPerVector());
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("index_type", info.faissClassName());
        config.put("type_string", info.indexType());
        config.putAll(info.parameters());
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("estimated_memory_bytes", s.ramBytes());
        storage.put("persistent", info.persistence() == ManagedIndex.Persistence.FILE);
        storage.put("storage_path", s.storagePath());
        storage.put("in_memory_only", info.persistence() != ManagedIndex.Persistence.FILE);
        Map<String, Object> r = reply();
        r.put("index_id", id);
        r.put("status", statusMap(s)); // §14 M22: nested once, metrics filled
        r.put("metrics", metrics);
        r.put("configuration", config);
        r.put("storage", storage);
        return r;
    }

    // ---------------------------------------------------------------- §9.21 clear, get_vectors

    private Map<String, Object> clear(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        Map<String, Object> r = FaissxActions.createReply(service.clear(id), Map.of());
        r.put("message", "Index " + id + " cleared (re-created empty)");
        return r;
    }

    private Map<String, Object> getVectors(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        long start = integer(req, "start_idx", 0);
        Long limit = req.get("limit") == null ? null : integer(req, "limit", 0);
        AdminOps.VectorsPage p = service.vectors(id, start, limit);
        Map<String, Object> r = reply();
        r.put("index_id", id);
        r.put("vectors", new FloatMatrix(p.count(), p.d(), p.x()));
        r.put("count", p.count());
        r.put("start_idx", p.start());
        r.put("ntotal", p.ntotal());
        if (p.ids() != null) {
            r.put("ids", p.ids());
        }
        return r;
    }

    // ---------------------------------------------------------------- §9.21 parameters

    private static String parameterName(Map<String, Object> req) {
        String name = string(req, "parameter", null);
        if (name == null) {
            throw invalid("parameter is required");
        }
        return name;
    }

    private Map<String, Object> setParameter(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        String name = parameterName(req);
        Object value = req.get("value");
        String message = service.setParameter(id, name, value);
        Map<String, Object> r = reply();
        r.put("message", message);
        r.put("index_id", id);
        r.put("parameter", name);
        r.put("value", value);
        return r;
    }

    private Map<String, Object> getParameter(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        String name = parameterName(req);
        Object value = service.getParameter(id, name);
        Map<String, Object> r = reply();
        r.put("index_id", id);
        r.put("param_name", name);
        r.put("param_value", value);
        return r;
    }

    // ---------------------------------------------------------------- §9.21 recluster, transforms

    private Map<String, Object> reclusterIndex(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        Long k = req.get("n_clusters") == null ? null : integer(req, "n_clusters", 0);
        double ratio = RequestFields.number(req, "sample_ratio", 0.5);
        AdminOps.ReclusterResult rc = service.recluster(id, k, ratio);
        Map<String, Object> r = reply();
        r.put("message", "Index " + id + " reclustered from " + rc.previousNlist() + " to " + rc.newNlist() + " lists");
        r.put("index_id", id);
        r.put("previous_nlist", rc.previousNlist());
        r.put("new_nlist", rc.newNlist());
        r.put("ntotal", rc.ntotal());
        return r;
    }

    /** apply_transform / get_transform_info: no IndexPreTransform can be created yet. */
    private Map<String, Object> transform(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.info(id);
        throw new ServiceException(ErrorCode.NOT_TRANSFORM_INDEX, "Index " + id + " is not an IndexPreTransform");
    }
}
