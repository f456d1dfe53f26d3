package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.floats;
import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.map;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The actions of faissx-protocol.md §9.12, §9.16-§9.21 (§16 items 20, 38-42, 46, 53, 54). */
class ManagementActionsTest {
    private static final int D = 8;
    private AnnvilServer server;
    private FaissxTestClient client;

    @BeforeEach
    void start() {
        server = AnnvilServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(null).withWorkerThreads(2));
        client = new FaissxTestClient(server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private void flat(String id, FloatMatrix x) {
        client.ok("create_index", "index_id", id, "dimension", x.width(), "index_type", "L2");
        if (x.rows() > 0) {
            client.ok("add_vectors", "index_id", id, "vectors", rows(x));
        }
    }

    private void ivf(String id, String type, FloatMatrix x) {
        client.ok("create_index", "index_id", id, "dimension", x.width(), "index_type", type);
        client.ok("train_index", "index_id", id, "training_vectors", rows(random(77, 1000, x.width())));
        client.ok("add_vectors", "index_id", id, "vectors", rows(x));
    }

    private static List<Long> ids(long from, int n) {
        return LongStream.range(from, from + n).boxed().toList();
    }

    private static float[] row(FloatMatrix x, int i) {
        return Arrays.copyOfRange(x.data(), i * x.width(), (i + 1) * x.width());
    }

    @Test
    void mergeIndices() {
        FloatMatrix a = random(1, 50, D);
        FloatMatrix b = random(2, 50, D);
        flat("s0", a);
        flat("s1", b);
        flat("t", new FloatMatrix(0, D, new float[0]));
        Map<String, Object> r =
                client.ok("merge_indices", "target_index_id", "t", "source_index_ids", List.of("s0", "s1"));
        assertThat(r)
                .containsEntry("ntotal", 100L)
                .containsEntry("message", "Successfully merged 2 indices into t, new total: 100 vectors")
                .doesNotContainKey("index_id");
        assertThat(map(map(r.get("merged_stats")).get("s1")))
                .containsEntry("vectors_added", 50L)
                .containsEntry("type", "extract_add");
        assertThat(client.ntotal("s0")).isEqualTo(50); // sources are kept
        float[] v = floats(client.ok("reconstruct", "index_id", "t", "id", 60).get("vector"));
        assertThat(v).containsExactly(row(b, 10));

        // the client's swapped call (§9.12): a failure with an error, nothing changed
        r = client.call("merge_indices", "target_index_id", List.of("s0", "s1"), "source_index_ids", "Flat");
        assertThat(r).containsEntry("success", false).containsKey("error");
        FaissxTestClient.assertFailure(
                client.call("merge_indices", "target_index_id", "t", "source_index_ids", List.of()),
                "No source indices provided for merging",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call("merge_indices", "target_index_id", "nope", "source_index_ids", List.of("s0")),
                "Target index nope not found",
                "NOT_FOUND");
        FaissxTestClient.assertFailure(
                client.call("merge_indices", "target_index_id", "t", "source_index_ids", List.of("s0", "nope")),
                "Source index nope not found",
                "NOT_FOUND");
        flat("wide", random(3, 5, 4));
        FaissxTestClient.assertFailure(
                client.call("merge_indices", "target_index_id", "t", "source_index_ids", List.of("s0", "wide")),
                "Dimension mismatch: target dimension is 8, but source index wide has dimension 4",
                "INVALID_ARGUMENT");
        assertThat(client.ntotal("t")).isEqualTo(100);

        // IDMap -> IDMap keeps ids; an untrained target refuses
        client.ok("create_index", "index_id", "ia", "dimension", D, "index_type", "IDMap:L2");
        client.ok("add_with_ids", "index_id", "ia", "vectors", rows(a), "ids", ids(1000, 50));
        client.ok("create_index", "index_id", "ib", "dimension", D, "index_type", "IDMap2:L2");
        r = client.ok("merge_indices", "target_index_id", "ib", "source_index_ids", List.of("ia", "s1"));
        assertThat(r).containsEntry("ntotal", 100L);
        assertThat(map(map(r.get("merged_stats")).get("ia"))).containsEntry("type", "add_with_ids");
        assertThat(floats(client.ok("reconstruct", "index_id", "ib", "id", 1007).get("vector")))
                .containsExactly(row(a, 7));
        client.ok("create_index", "index_id", "untrained", "dimension", D, "index_type", "IVF4");
        assertThat(client.call("merge_indices", "target_index_id", "untrained", "source_index_ids", List.of("s0")))
                .containsEntry("error_code", "NOT_TRAINED");
    }

    @Test
    void replaceVectorAndRemoveIds() {
        FloatMatrix x = random(4, 20, D);
        client.ok("create_index", "index_id", "m2", "dimension", D, "index_type", "IDMap2:L2");
        client.ok("add_with_ids", "index_id", "m2", "vectors", rows(x), "ids", ids(100, 20));
        float[] fresh = row(random(5, 1, D), 0);
        List<Double> v = new java.util.ArrayList<>();
        for (float f : fresh) {
            v.add((double) f);
        }
        Map<String, Object> r = client.ok("replace_vector", "index_id", "m2", "id", 105, "vector", v);
        assertThat(r).containsEntry("count", 1L).containsEntry("total", 20L);
        assertThat(floats(client.ok("reconstruct", "index_id", "m2", "id", 105).get("vector")))
                .containsExactly(fresh);
        Map<String, Object> s = client.ok("search", "index_id", "m2", "query_vectors", List.of(v), "k", 1);
        assertThat(longs(result(s, 0).get("indices"))).containsExactly(105L);
        FaissxTestClient.assertFailure(
                client.call("replace_vector", "index_id", "m2", "id", 999, "vector", v),
                "ID 999 not found in index",
                "NOT_FOUND");
        FaissxTestClient.assertFailure(
                client.call("replace_vector", "index_id", "m2", "id", 105, "vector", v.subList(0, 3)),
                "Vector dimension mismatch: expected 8, got 3",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call("replace_vector", "index_id", "nope", "id", 1, "vector", v),
                "Index nope does not exist",
                "NOT_FOUND");
        flat("plain", x);
        FaissxTestClient.assertFailure(
                client.call("replace_vector", "index_id", "plain", "id", 1, "vector", v),
                "Index plain is not an IDMap type",
                "FAILED_PRECONDITION");
        // HNSW and IVF storage cannot renumber: refused before anything changes
        client.ok("create_index", "index_id", "mh", "dimension", D, "index_type", "IDMap2:HNSW8");
        client.ok("add_with_ids", "index_id", "mh", "vectors", rows(x), "ids", ids(0, 20));
        r = client.call("replace_vector", "index_id", "mh", "id", 3, "vector", v);
        assertThat(r).containsEntry("error_code", "UNSUPPORTED");
        r = client.call("remove_ids", "index_id", "mh", "ids", List.of(3));
        assertThat(r).containsEntry("error_code", "UNSUPPORTED");
        assertThat(client.ntotal("mh")).isEqualTo(20);
        // PQ/SQ (flat codes) can
        client.ok("create_index", "index_id", "msq", "dimension", D, "index_type", "IDMap:SQ8");
        client.ok("train_index", "index_id", "msq", "training_vectors", rows(x));
        client.ok("add_with_ids", "index_id", "msq", "vectors", rows(x), "ids", ids(0, 20));
        assertThat(client.ok("remove_ids", "index_id", "msq", "ids", List.of(3, 4)))
                .containsEntry("count", 2L);
    }

    @Test
    void batchAddWithIds() {
        client.ok("create_index", "index_id", "idmap_test", "dimension", D, "index_type", "IDMap:L2");
        Map<String, Object> r = client.ok(
                "batch_add_with_ids",
                "index_id",
                "idmap_test",
                "vectors",
                rows(random(6, 100, D)),
                "ids",
                ids(1000, 100),
                "batch_size",
                25);
        assertThat(r)
                .containsEntry("count", 100L)
                .containsEntry("ntotal", 100L)
                .containsEntry("total", 100L)
                .containsEntry("message", "Added 100 vectors with IDs to index idmap_test");
        client.ok("delete_index", "index_id", "idmap_test");
        client.ok("delete_index", "index_id", "idmap_test_base");
        flat("f", random(6, 2, D));
        FaissxTestClient.assertFailure(
                client.call("batch_add_with_ids", "index_id", "f", "vectors", rows(random(6, 2, D)), "ids", ids(0, 2)),
                "add_with_ids requires an IDMap index, but f is IndexFlatL2",
                "FAILED_PRECONDITION");
        FaissxTestClient.assertFailure(
                client.call("batch_add_with_ids", "index_id", "x", "vectors", List.of(), "ids", List.of()),
                "Index x not found",
                "NOT_FOUND");
    }

    @Test
    void optimizeIndex() {
        ivf("opt_ivf", "IVF", random(8, 1000, D));
        Map<String, Object> r = client.ok("optimize_index", "index_id", "opt_ivf", "optimization_level", 2);
        assertThat(r)
                .containsEntry("optimizations", List.of("set_nprobe_20"))
                .containsEntry("index_type", "IndexIVFFlat")
                .containsEntry("optimization_level", 2L)
                .containsEntry("message", "Applied 1 optimizations to index opt_ivf");
        assertThat(client.ok("get_parameter", "index_id", "opt_ivf", "parameter", "nprobe"))
                .containsEntry("param_value", 20L);
        assertThat(client.ok("optimize_index", "index_id", "opt_ivf").get("optimizations"))
                .isEqualTo(List.of("set_nprobe_10"));
        flat("f", random(8, 3, D));
        assertThat(client.ok("optimize_index", "index_id", "f").get("optimizations"))
                .isEqualTo(List.of("flat_index_no_optimization"));
        client.ok("create_index", "index_id", "h", "dimension", D, "index_type", "HNSW8");
        assertThat(client.ok("optimize_index", "index_id", "h").get("optimizations"))
                .isEqualTo(List.of());
        client.ok("create_index", "index_id", "u", "dimension", D, "index_type", "IVF4");
        FaissxTestClient.assertFailure(
                client.call("optimize_index", "index_id", "u"),
                "Index requires training data before optimization",
                "NOT_TRAINED");
        FaissxTestClient.assertFailure(
                client.call("optimize_index", "index_id", "x"), "Index x not found", "NOT_FOUND");
    }

    @Test
    void computeClustering() {
        Map<String, Object> r = client.ok(
                "compute_clustering",
                "vectors",
                rows(random(9, 500, 16)),
                "n_clusters",
                10,
                "metric_type",
                "L2",
                "niter",
                20);
        assertThat((List<?>) r.get("centroids")).hasSize(10);
        assertThat(floats(((List<?>) r.get("centroids")).get(0))).hasSize(16);
        assertThat(Arrays.stream(longs(r.get("assignments"))).boxed().toList())
                .hasSize(500)
                .allMatch(a -> a >= 0 && a < 10);
        assertThat(Arrays.stream(longs(r.get("cluster_sizes"))).sum()).isEqualTo(500);
        assertThat(r)
                .containsEntry("n_clusters", 10L)
                .containsEntry("dimension", 16L)
                .containsKey("obj");
        FaissxTestClient.assertFailure(
                client.call("compute_clustering", "vectors", List.of(), "n_clusters", 2),
                "No vectors provided for clustering",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call("compute_clustering", "vectors", rows(random(9, 5, 4))),
                "Number of clusters not specified",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call("compute_clustering", "vectors", rows(random(9, 5, 4)), "n_clusters", 6),
                "Number of vectors (5) must be >= number of clusters (6)",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call(
                        "compute_clustering", "vectors", rows(random(9, 5, 4)), "n_clusters", 2, "metric_type", "cos"),
                "Unknown metric type: cos",
                "INVALID_ARGUMENT");
        client.ok(
                "compute_clustering",
                "vectors",
                rows(random(9, 50, 4)),
                "n_clusters",
                2,
                "metric_type",
                "inner_product");
    }

    @Test
    void hybridSearch() {
        flat("hybrid_test", random(10, 100, D));
        Map<String, Object> r = client.ok(
                "hybrid_search",
                "index_id",
                "hybrid_test",
                "query_vectors",
                rows(random(11, 5, D)),
                "vector_weight",
                0.7,
                "metadata_filter",
                null,
                "k",
                10);
        assertThat((List<?>) r.get("results")).hasSize(5);
        assertThat(r).containsEntry("num_queries", 5L).containsEntry("k", 10L);
        Map<String, Object> bad = client.call(
                "hybrid_search",
                "index_id",
                "hybrid_test",
                "query_vectors",
                rows(random(11, 5, D)),
                "metadata_filter",
                Map.of("a", 1));
        assertThat((String) bad.get("error")).startsWith("Metadata filtering is not yet implemented.");
        FaissxTestClient.assertFailure(
                client.call("hybrid_search", "index_id", "x", "query_vectors", rows(random(11, 1, D))),
                "Index x not found",
                "NOT_FOUND");
    }

    @Test
    void statusAndInfo() {
        ivf("iv", "IVF16", random(12, 200, D));
        Map<String, Object> r = client.ok("get_index_status", "index_id", "iv");
        assertThat(r).containsEntry("is_trained", true).containsEntry("index_id", "iv");
        assertThat(map(r.get("status")))
                .containsEntry("index_type", "IndexIVFFlat")
                .containsEntry("ntotal", 200L)
                .containsEntry("nlist", 16L)
                .containsEntry("nprobe", 1L)
                .containsEntry("quantizer_type", "IndexFlatL2")
                .containsEntry("requires_training", true)
                .containsEntry("is_ready_for_use", true)
                .containsEntry("recommended_training_vectors", 800L);
        client.ok("create_index", "index_id", "h", "dimension", D, "index_type", "HNSW16");
        assertThat(map(client.ok("get_index_status", "index_id", "h").get("status")))
                .containsEntry("M", 16L)
                .containsEntry("efSearch", 16L)
                .containsEntry("efConstruction", 40L);
        client.ok("create_index", "index_id", "pq", "dimension", D, "index_type", "PQ4x8");
        Map<String, Object> pq = client.ok("get_index_status", "index_id", "pq");
        assertThat(pq).containsEntry("is_trained", false);
        assertThat(map(pq.get("status")))
                .containsEntry("pq_m", 4L)
                .containsEntry("pq_nbits", 8L)
                .containsEntry("ready_reason", "Index requires training before use");
        Map<String, Object> info = client.ok("get_index_info", "index_id", "iv");
        assertThat(map(info.get("status"))).containsEntry("ntotal", 200L).doesNotContainKey("status");
        assertThat(map(info.get("metrics")))
                .containsEntry("vectors_count", 200L)
                .containsEntry("dimension", 8L)
                .containsEntry("byte_size_per_vector", 40L);
        assertThat(map(info.get("configuration"))).containsEntry("nlist", 16L);
        assertThat(map(info.get("storage"))).containsEntry("persistent", false).containsEntry("storage_path", null);
        FaissxTestClient.assertFailure(
                client.call("get_index_info", "index_id", "x"), "Index x not found", "NOT_FOUND");
    }

    @Test
    void clearKeepsTheTypeAndDropsWrappers() {
        ivf("c", "IVF8", random(13, 100, D));
        client.ok("create_index", "index_id", "cb", "dimension", D, "index_type", "L2");
        client.ok("create_index", "index_id", "cw", "dimension", D, "index_type", "IDMap:cb");
        client.ok("add_with_ids", "index_id", "cw", "vectors", rows(random(13, 3, D)), "ids", ids(0, 3));
        Map<String, Object> r = client.ok("clear", "index_id", "c");
        assertThat(r)
                .containsEntry("index_id", "c")
                .containsEntry("type", "IndexIVFFlat")
                .containsEntry("nlist", 8L)
                .containsEntry("is_trained", false);
        assertThat(client.ntotal("c")).isZero();
        client.ok("clear", "index_id", "cb");
        assertThat(client.ntotal("cb")).isZero();
        FaissxTestClient.assertFailure(
                client.call("get_index_stats", "index_id", "cw"), "Index cw not found", "NOT_FOUND");
        FaissxTestClient.assertFailure(client.call("clear", "index_id", "cw"), "Index cw not found", "NOT_FOUND");
    }

    @Test
    void getVectors() {
        flat("e", new FloatMatrix(0, D, new float[0]));
        Map<String, Object> r = client.ok("get_vectors", "index_id", "e");
        assertThat(r)
                .containsEntry("vectors", List.of())
                .containsEntry("ntotal", 0L)
                .containsEntry("count", 0L);
        FloatMatrix x = random(14, 30, D);
        flat("g", x);
        r = client.ok("get_vectors", "index_id", "g", "start_idx", 10, "limit", 5);
        assertThat(r).containsEntry("count", 5L).containsEntry("start_idx", 10L).containsEntry("ntotal", 30L);
        assertThat(floats(((List<?>) r.get("vectors")).get(0))).containsExactly(row(x, 10));
        assertThat((List<?>) client.ok("get_vectors", "index_id", "g", "start_idx", 25)
                        .get("vectors"))
                .hasSize(5);
        FaissxTestClient.assertFailure(
                client.call("get_vectors", "index_id", "g", "start_idx", 30),
                "Invalid start_idx: 30, should be between 0 and 29",
                "INVALID_ARGUMENT");
    }

    @Test
    void resetEveryTypeThenAdd() {
        FloatMatrix x = random(15, 100, D);
        for (String type : List.of("IVF8", "HNSW8", "PQ4x4", "SQ8", "IDMap:IVF8")) {
            String id = "r-" + type;
            client.ok("create_index", "index_id", id, "dimension", D, "index_type", type);
            client.ok("train_index", "index_id", id, "training_vectors", rows(x));
            boolean idmap = type.startsWith("IDMap");
            String add = idmap ? "add_with_ids" : "add_vectors";
            client.ok(add, "index_id", id, "vectors", rows(x), "ids", ids(0, 100));
            client.ok("reset", "index_id", id);
            client.ok(add, "index_id", id, "vectors", rows(x), "ids", ids(0, 100));
            client.ok("search", "index_id", id, "query_vectors", rows(x), "k", 3);
            assertThat(client.ntotal(id)).isEqualTo(100);
        }
    }

    @Test
    void reclusterIndex() {
        FloatMatrix x = random(16, 400, D);
        ivf("rc", "IVF16", x);
        Map<String, Object> r = client.ok("recluster_index", "index_id", "rc", "n_clusters", 8, "sample_ratio", 0.5);
        assertThat(r)
                .containsEntry("previous_nlist", 16L)
                .containsEntry("new_nlist", 8L)
                .containsEntry("ntotal", 400L);
        assertThat(client.ok("get_index_stats", "index_id", "rc"))
                .containsEntry("nlist", 8L)
                .containsEntry("index_type", "IVF8");
        Map<String, Object> s =
                client.ok("search", "index_id", "rc", "query_vectors", rows(x), "k", 1, "params", Map.of("nprobe", 8));
        for (int i = 0; i < 400; i += 37) {
            assertThat(longs(result(s, i).get("indices"))).containsExactly((long) i);
        }
        flat("f", x);
        FaissxTestClient.assertFailure(
                client.call("recluster_index", "index_id", "f"),
                "Reclustering only supported for IVF indices, not IndexFlatL2",
                "UNSUPPORTED");
        client.ok("create_index", "index_id", "e", "dimension", D, "index_type", "IVF4");
        FaissxTestClient.assertFailure(
                client.call("recluster_index", "index_id", "e"),
                "Index is empty, cannot recluster",
                "FAILED_PRECONDITION");
    }

    @Test
    void parametersAndTransforms() {
        client.ok("create_index", "index_id", "h", "dimension", D, "index_type", "HNSW8");
        assertThat(client.ok("set_parameter", "index_id", "h", "parameter", "efSearch", "value", 64))
                .containsEntry("message", "Set efSearch=64 for index h");
        assertThat(client.ok("get_parameter", "index_id", "h", "parameter", "efSearch"))
                .containsEntry("param_name", "efSearch")
                .containsEntry("param_value", 64L);
        client.ok("set_parameter", "index_id", "h", "parameter", "efConstruction", "value", 80);
        FaissxTestClient.assertFailure(
                client.call("set_parameter", "index_id", "h", "parameter", "efSearch", "value", "7"),
                "efSearch must be a positive integer",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call("set_parameter", "index_id", "h", "parameter", "M", "value", 7),
                "Changing HNSW M parameter after index creation is not supported",
                "UNSUPPORTED");
        FaissxTestClient.assertFailure(
                client.call("set_parameter", "index_id", "h", "parameter", "nprobe", "value", 7),
                "Parameter nprobe not supported for this index type (IndexHNSWFlat)",
                "UNSUPPORTED");
        client.ok("create_index", "index_id", "i", "dimension", D, "index_type", "IVF4");
        FaissxTestClient.assertFailure(
                client.call("set_parameter", "index_id", "i", "parameter", "nprobe", "value", 0),
                "nprobe must be a positive integer",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.call("set_parameter", "index_id", "i", "parameter", "quantizer_type", "value", 1),
                "Changing quantizer_type is not supported after index creation",
                "UNSUPPORTED");
        assertThat(client.ok("get_parameter", "index_id", "i", "parameter", "ntotal"))
                .containsEntry("param_value", 0L);
        assertThat(client.ok("get_parameter", "index_id", "i", "parameter", "is_trained"))
                .containsEntry("param_value", false);
        FaissxTestClient.assertFailure(
                client.call("get_parameter", "index_id", "i", "parameter", "efSearch"),
                "Parameter efSearch not supported for this index type",
                "UNSUPPORTED");
        FaissxTestClient.assertFailure(
                client.call("apply_transform", "index_id", "i", "vectors", rows(random(1, 1, D))),
                "Index i is not an IndexPreTransform",
                "NOT_TRANSFORM_INDEX");
        FaissxTestClient.assertFailure(
                client.call("get_transform_info", "index_id", "i"),
                "Index i is not an IndexPreTransform",
                "NOT_TRANSFORM_INDEX");
        FaissxTestClient.assertFailure(
                client.call("get_transform_info", "index_id", "x"), "Index x not found", "NOT_FOUND");
    }

    /** Every type now has a FAISS file writer: approximate indexes survive a restart with their answers. */
    @Test
    void approximateTypesSurviveARestart(@TempDir Path dir) {
        client.close();
        server.close();
        server = AnnvilServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(dir).withWorkerThreads(2));
        client = new FaissxTestClient(server.port());
        Map<String, Object> c = client.ok("create_index", "index_id", "hnsw", "dimension", D, "index_type", "HNSW8");
        assertThat(c).containsEntry("persistent", true).doesNotContainKey("warning");
        client.ok("add_vectors", "index_id", "hnsw", "vectors", rows(random(17, 40, D)));
        client.ok("create_index", "index_id", "ivf", "dimension", D, "index_type", "IVF4,PQ4x4");
        client.ok("train_index", "index_id", "ivf", "training_vectors", rows(random(77, 400, D)));
        client.ok("add_vectors", "index_id", "ivf", "vectors", rows(random(18, 60, D)));
        assertThat(client.ok("get_index_stats", "index_id", "ivf")).doesNotContainEntry("in_memory_only", true);
        List<?> queries = rows(random(19, 3, D));
        Object hnswBefore = client.ok("search", "index_id", "hnsw", "query_vectors", queries, "k", 5)
                .get("results");
        Object ivfBefore = client.ok(
                        "search", "index_id", "ivf", "query_vectors", queries, "k", 5, "params", Map.of("nprobe", 4))
                .get("results");
        client.close();
        server.close();
        server = AnnvilServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(dir).withWorkerThreads(2));
        client = new FaissxTestClient(server.port());
        List<?> list = (List<?>) client.ok("list_indices").get("indexes");
        assertThat(list).extracting(e -> map(e).get("index_id")).containsExactlyInAnyOrder("hnsw", "ivf");
        assertThat(client.ok("search", "index_id", "hnsw", "query_vectors", queries, "k", 5)
                        .get("results"))
                .isEqualTo(hnswBefore);
        assertThat(client.ok(
                                "search",
                                "index_id",
                                "ivf",
                                "query_vectors",
                                queries,
                                "k",
                                5,
                                "params",
                                Map.of("nprobe", 4))
                        .get("results"))
                .isEqualTo(ivfBefore);
    }
}
