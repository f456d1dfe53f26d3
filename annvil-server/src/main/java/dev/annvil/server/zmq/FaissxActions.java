package dev.annvil.server.zmq;

import static dev.annvil.server.zmq.RequestFields.integer;
import static dev.annvil.server.zmq.RequestFields.invalid;
import static dev.annvil.server.zmq.RequestFields.string;

import dev.annvil.RangeSearchResult;
import dev.annvil.SearchResult;
import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.KnnResults;
import dev.annvil.protocol.RangeResults;
import dev.annvil.server.service.CountResult;
import dev.annvil.server.service.ErrorCode;
import dev.annvil.server.service.IndexInfo;
import dev.annvil.server.service.IndexService;
import dev.annvil.server.service.ManagedIndex;
import dev.annvil.server.service.ReconstructedSearch;
import dev.annvil.server.service.SearchKnobs;
import dev.annvil.server.service.ServiceException;
import dev.annvil.server.service.TrainResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The FAISSx action handlers (faissx-protocol.md §9): each reads its request fields, calls the
 * {@link IndexService} and builds the action-specific reply fields ({@code success}, {@code
 * version} and {@code timestamp} are added by {@link FaissxRequestAdapter}). The table in {@link
 * #table} also gives each action its error wording.
 */
final class FaissxActions {
    /** Largest k of search (the reference's limit, §3.6). */
    static final int MAX_K = 10_000;

    static final String DOES_NOT_EXIST = "Index %s does not exist";
    static final String NOT_FOUND = "Index %s not found";
    static final String QUERY_MISMATCH = "Query dimension mismatch: expected %d, got %d";

    private final IndexService service;

    FaissxActions(IndexService service) {
        this.service = service;
    }

    /** A handler with its FAISSx error wording. */
    record Action(Handler handler, String notFoundFormat, String dimensionMismatchFormat, String failurePrefix) {}

    @FunctionalInterface
    interface Handler {
        Map<String, Object> handle(Map<String, Object> request);
    }

    Map<String, Action> table() {
        Map<String, Action> t = new LinkedHashMap<>();
        t.put("ping", new Action(this::ping, NOT_FOUND, QUERY_MISMATCH, ""));
        t.put("create_index", new Action(this::createIndex, NOT_FOUND, QUERY_MISMATCH, "Error creating index: "));
        t.put(
                "add_vectors",
                new Action(
                        this::addVectors,
                        DOES_NOT_EXIST,
                        "Vector dimension mismatch: expected %d, got %d",
                        "Error adding vectors: "));
        t.put(
                "add_with_ids",
                new Action(this::addWithIds, DOES_NOT_EXIST, "Vector dimension mismatch. Expected %d, got %d", ""));
        t.put("search", new Action(this::search, DOES_NOT_EXIST, QUERY_MISMATCH, "Error searching index: "));
        t.put(
                "search_and_reconstruct",
                new Action(
                        this::searchAndReconstruct,
                        DOES_NOT_EXIST,
                        QUERY_MISMATCH,
                        "Error in search_and_reconstruct: "));
        t.put("range_search", new Action(this::rangeSearch, DOES_NOT_EXIST, QUERY_MISMATCH, "Error in range_search: "));
        t.put(
                "train_index",
                new Action(
                        this::trainIndex,
                        DOES_NOT_EXIST,
                        "Training vector dimension mismatch. Expected %d, got %d",
                        "Training error: "));
        t.put("reconstruct", new Action(this::reconstruct, NOT_FOUND, QUERY_MISMATCH, "Error reconstructing vector: "));
        t.put("reconstruct_n", new Action(this::reconstructN, NOT_FOUND, QUERY_MISMATCH, ""));
        t.put("remove_ids", new Action(this::removeIds, DOES_NOT_EXIST, QUERY_MISMATCH, "Error removing ids: "));
        t.put("reset", new Action(this::reset, NOT_FOUND, QUERY_MISMATCH, "Error resetting index: "));
        t.put("delete_index", new Action(this::deleteIndex, NOT_FOUND, QUERY_MISMATCH, "Error deleting index: "));
        t.put("get_index_stats", new Action(this::indexStats, NOT_FOUND, QUERY_MISMATCH, ""));
        t.put("list_indexes", new Action(this::listIndexes, NOT_FOUND, QUERY_MISMATCH, ""));
        t.put("list_indices", new Action(this::listIndexes, NOT_FOUND, QUERY_MISMATCH, ""));
        new FaissxManagementActions(service, this).register(t);
        return t;
    }

    private Map<String, Object> ping(Map<String, Object> req) {
        Map<String, Object> r = reply();
        r.put("message", "pong");
        r.put("time", FaissxRequestAdapter.now());
        return r;
    }

    private Map<String, Object> createIndex(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        int dimension = dimension(req.get("dimension"));
        Object type = req.containsKey("index_type") ? req.get("index_type") : "L2";
        if (!(type instanceof String indexType)) {
            throw invalid("Invalid index_type: " + type + ". Must be a string.");
        }
        return createReply(service.create(id, dimension, indexType), req);
    }

    /** The create_index reply (§9.2, §7.2); also clear's. */
    static Map<String, Object> createReply(IndexService.Created created, Map<String, Object> req) {
        IndexInfo info = created.info();
        String id = info.indexId();
        Map<String, Object> r = reply();
        boolean idmap = info.isIdMap();
        r.put("message", (idmap ? "IDMap index " : "Index ") + id + " created successfully");
        r.put("index_id", id);
        r.put("dimension", info.dimension());
        r.put("type", idmap ? info.indexType() : info.faissClassName());
        r.put("index_type", info.indexType());
        r.put("is_trained", info.trained());
        r.put("requires_training", info.requiresTraining());
        r.put("metric_type", info.metricName());
        r.putAll(created.replyExtras());
        if (idmap) {
            r.put("base_index_id", info.baseIndexId());
            r.put("is_idmap", true);
            r.put("is_idmap2", info.kind() == ManagedIndex.Kind.IDMAP2);
        }
        r.put("persistent", info.persistence() == ManagedIndex.Persistence.FILE);
        if (created.warning() != null) {
            r.put("warning", created.warning());
        }
        if (req.containsKey("metadata")) {
            r.put("metadata", req.get("metadata"));
        }
        return r;
    }

    /** int(value) as the reference does: ints, floats (truncated), decimal strings. */
    private static int dimension(Object v) {
        try {
            long d = switch (v) {
                case null -> 0;
                case Long l -> l;
                case Double x when Double.isFinite(x) -> (long) (double) x;
                case String s -> Long.parseLong(s.strip());
                default -> throw new NumberFormatException();
            };
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
        } catch (NumberFormatException e) {
            throw invalid("Invalid dimension: " + v + ". Must be an integer.");
        }
    }

    private Map<String, Object> addVectors(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        IndexInfo info = service.info(id);
        FloatMatrix x = RequestFields.matrix(req, "vectors");
        long[] ids = RequestFields.ids(req, "ids");
        CountResult c = ids != null && info.kind() != ManagedIndex.Kind.PLAIN
                ? service.addWithIds(id, x.rows(), x.width(), x.data(), ids)
                : service.add(id, x.rows(), x.width(), x.data());
        Map<String, Object> r = reply();
        r.put("message", "Added " + c.count() + " vectors to index " + id);
        r.put("ntotal", c.ntotal());
        r.put("total", c.ntotal());
        r.put("count", c.count());
        return r;
    }

    Map<String, Object> addWithIds(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.info(id);
        FloatMatrix x = RequestFields.matrix(req, "vectors");
        long[] ids = RequestFields.ids(req, "ids");
        CountResult c = service.addWithIds(id, x.rows(), x.width(), x.data(), ids == null ? new long[0] : ids);
        Map<String, Object> r = reply();
        r.put("message", "Added " + c.count() + " vectors with IDs to index " + id);
        r.put("count", c.count());
        r.put("total", c.ntotal());
        r.put("ntotal", c.ntotal());
        return r;
    }

    /** k as an int 1..10000: "k=&lt;k&gt; out of range (1-10000)" (§9.5). */
    static int k(Map<String, Object> req) {
        long k = integer(req, "k", 10);
        if (k < 1 || k > MAX_K) {
            throw invalid("k=" + k + " out of range (1-" + MAX_K + ")");
        }
        return (int) k;
    }

    Map<String, Object> search(Map<String, Object> req) {
        int k = k(req);
        String id = string(req, "index_id", "");
        SearchKnobs knobs = knobs(req);
        IndexInfo info = service.info(id);
        FloatMatrix q = RequestFields.matrix(req, "query_vectors");
        SearchResult s = service.search(id, q.rows(), q.width(), q.data(), k, knobs);
        Map<String, Object> r = reply();
        r.put("results", new KnnResults(s.n(), s.k(), s.distances(), s.labels()));
        r.put("num_queries", s.n());
        r.put("k", k);
        if ("IndexIVFPQ".equals(info.storageClassName())) {
            // §9.5: the client's IndexIVFPQ reads top-level [n][k] arrays
            r.put("distances", new FloatMatrix(s.n(), s.k(), s.distances()));
            List<long[]> indices = new ArrayList<>(s.n());
            for (int i = 0; i < s.n(); i++) {
                indices.add(java.util.Arrays.copyOfRange(s.labels(), i * k, (i + 1) * k));
            }
            r.put("indices", indices);
        }
        return r;
    }

    /**
     * Search {@code params} (§9.5): {@code nprobe} and {@code efSearch}/{@code ef_search}/{@code ef},
     * converted as Python's int() does; other keys are ignored. Applied to this request only.
     */
    static SearchKnobs knobs(Map<String, Object> req) {
        Map<?, ?> params = RequestFields.map(req, "params");
        if (params == null || params.isEmpty()) {
            return SearchKnobs.NONE;
        }
        Integer nprobe = knob(params, "nprobe");
        Integer ef = knob(params, "efSearch");
        if (ef == null) {
            ef = knob(params, "ef_search");
        }
        if (ef == null) {
            ef = knob(params, "ef");
        }
        return new SearchKnobs(nprobe, ef);
    }

    private static Integer knob(Map<?, ?> params, String key) {
        Object v = params.get(key);
        long value;
        switch (v) {
            case null -> {
                return null;
            }
            case Long l -> value = l;
            case Double d when Double.isFinite(d) -> value = (long) (double) d;
            case String str when str.strip().matches("[+-]?\\d{1,10}") -> value = Long.parseLong(str.strip());
            default ->
                throw invalid(
                        "params." + key + " must be an integer, got " + dev.annvil.protocol.WireTypes.describe(v));
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw invalid("params." + key + " must be a positive integer, got " + value);
        }
        return (int) value;
    }

    private Map<String, Object> searchAndReconstruct(Map<String, Object> req) {
        int k = k(req);
        String id = string(req, "index_id", "");
        SearchKnobs knobs = knobs(req);
        FloatMatrix q = RequestFields.matrix(req, "query_vectors");
        ReconstructedSearch rs = service.searchAndReconstruct(id, q.rows(), q.width(), q.data(), k, knobs);
        SearchResult s = rs.result();
        Map<String, Object> r = reply();
        r.put("results", new KnnResults(s.n(), s.k(), s.distances(), s.labels(), rs.vectors(), rs.d()));
        r.put("num_queries", s.n());
        r.put("k", k);
        return r;
    }

    private Map<String, Object> rangeSearch(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        double radius = RequestFields.number(req, "radius", 0.0);
        FloatMatrix q = RequestFields.matrix(req, "query_vectors");
        RangeSearchResult rs = service.rangeSearch(id, q.rows(), q.width(), q.data(), (float) radius);
        Map<String, Object> r = reply();
        r.put("results", new RangeResults(rs.nq(), rs.lims(), rs.labels(), rs.distances()));
        r.put("num_queries", rs.nq());
        r.put("radius", radius);
        // superset of §9.7: the flat, PQ and IVF-PQ client classes read these top-level keys
        r.put("lims", rs.lims());
        r.put("distances", rs.distances());
        r.put("indices", rs.labels());
        return r;
    }

    private Map<String, Object> trainIndex(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        FloatMatrix x = RequestFields.matrix(req, "training_vectors");
        boolean background = RequestFields.truthy(req.get("background"));
        TrainResult t;
        try {
            t = background
                    ? service.trainInBackground(id, x.rows(), x.width(), x.data())
                    : service.train(id, x.rows(), x.width(), x.data());
        } catch (ServiceException e) {
            if (e.code() != ErrorCode.TRAINING_ERROR) {
                throw e;
            }
            // §9.6: training failures carry error_details
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("success", false);
            r.put("error", e.getMessage());
            r.put("error_code", e.code().name());
            r.put("error_details", Map.of("index_id", id, "vector_count", (long) x.rows()));
            return r;
        }
        Map<String, Object> r = reply();
        r.put("index_id", id);
        if (t == null) { // background training started (Annvil extension)
            r.put("status", "training");
            r.put("message", "Training started in the background; poll get_index_status for training_status");
            r.put("is_trained", false);
            return r;
        }
        r.put("is_trained", t.trained());
        if (t.skipped()) {
            r.put("message", "This index type does not require training");
            r.put("training_skipped", true);
        } else {
            r.put("message", "Index successfully trained");
            r.put("trained_with", t.rows());
            r.put("has_enough_vectors", t.hasEnoughVectors());
            r.put("recommendation", t.recommendation());
        }
        r.put("training_info", t.trainingInfo());
        return r;
    }

    private Map<String, Object> reconstruct(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        long key = req.get("idx") != null ? integer(req, "idx", 0) : integer(req, "id", 0);
        Map<String, Object> r = reply();
        r.put("vector", service.reconstruct(id, key));
        return r;
    }

    private Map<String, Object> reconstructN(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        long start = integer(req, "start_idx", 0);
        long num = integer(req, "num_vectors", 10);
        float[] x = service.reconstructN(id, start, num);
        int d = (int) (x.length / num);
        Map<String, Object> r = reply();
        r.put("vectors", new FloatMatrix((int) num, d, x));
        r.put("start_idx", start);
        r.put("num_vectors", num);
        return r;
    }

    private Map<String, Object> removeIds(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.info(id);
        long[] ids = RequestFields.ids(req, "ids");
        CountResult c = service.removeIds(id, ids == null ? new long[0] : ids);
        Map<String, Object> r = reply();
        r.put("message", "Removed " + c.count() + " vectors from index " + id);
        r.put("count", c.count());
        r.put("total", c.ntotal());
        r.put("ntotal", c.ntotal());
        return r;
    }

    private Map<String, Object> reset(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.reset(id);
        Map<String, Object> r = reply();
        r.put("message", "Index " + id + " has been reset");
        r.put("index_id", id);
        return r;
    }

    private Map<String, Object> deleteIndex(Map<String, Object> req) {
        String id = string(req, "index_id", "");
        service.delete(id);
        Map<String, Object> r = reply();
        r.put("index_id", id);
        r.put("message", "Index " + id + " deleted successfully");
        return r;
    }

    private Map<String, Object> indexStats(Map<String, Object> req) {
        IndexInfo info = service.info(string(req, "index_id", ""));
        Map<String, Object> r = reply();
        r.put("index_id", info.indexId());
        r.put("dimension", info.dimension());
        r.put("ntotal", info.ntotal());
        r.put("count", info.ntotal());
        r.put("index_type", info.indexType());
        r.put("type", info.faissClassName());
        r.put("is_trained", info.trained());
        r.put("requires_training", info.requiresTraining());
        r.put("metric_type", info.metricName());
        r.putAll(info.parameters());
        r.put("persistent", info.persistence() == ManagedIndex.Persistence.FILE);
        if (info.persistence() == ManagedIndex.Persistence.MEMORY_ONLY) {
            r.put("in_memory_only", true);
        }
        putIdMapKeys(r, info);
        return r;
    }

    private Map<String, Object> listIndexes(Map<String, Object> req) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (IndexInfo info : service.list()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index_id", info.indexId());
            e.put("dimension", info.dimension());
            e.put("vector_count", info.ntotal());
            e.put("index_type", info.indexType());
            putIdMapKeys(e, info);
            list.add(e);
        }
        Map<String, Object> r = reply();
        r.put("indexes", list);
        return r;
    }

    static void putIdMapKeys(Map<String, Object> r, IndexInfo info) {
        if (info.kind() != ManagedIndex.Kind.PLAIN) {
            r.put("base_index_id", info.baseIndexId());
            r.put("is_idmap", true);
            r.put("is_idmap2", info.kind() == ManagedIndex.Kind.IDMAP2);
        }
    }

    static Map<String, Object> reply() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", true);
        return r;
    }
}
