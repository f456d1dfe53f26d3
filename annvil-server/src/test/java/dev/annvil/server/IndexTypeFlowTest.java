package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.floats;
import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.map;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every index type string of faissx-protocol.md §7 through create / train / add / search (§16 items
 * 21-37, 44, 45, 48-52): reply keys, NOT_TRAINED gating, training replies and result shapes.
 */
class IndexTypeFlowTest {
    private static final int D = 8;
    private static AnnvilServer server;
    private static FaissxTestClient client;
    private static final FloatMatrix TRAIN = random(101, 1000, D);
    private static final FloatMatrix DATA = random(102, 100, D);
    private static int counter;

    @BeforeAll
    static void start() {
        server = AnnvilServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(null).withWorkerThreads(2));
        client = new FaissxTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static String name() {
        return "flow-" + counter++;
    }

    /** type string, FAISS class in the reply, extra reply entries, whether training is needed. */
    static Stream<Arguments> types() {
        return Stream.of(
                Arguments.of("L2", "IndexFlatL2", Map.of("metric_type", "L2"), false),
                Arguments.of("Flat", "IndexFlatL2", Map.of("metric_type", "L2"), false),
                Arguments.of("IP", "IndexFlatIP", Map.of("metric_type", "IP"), false),
                Arguments.of(
                        "HNSW32",
                        "IndexHNSWFlat",
                        Map.of("M", 32L, "efConstruction", 40L, "efSearch", 16L, "metric_type", "L2"),
                        false),
                Arguments.of("HNSW", "IndexHNSWFlat", Map.of("M", 32L, "metric_type", "L2"), false),
                Arguments.of("HNSW16_IP", "IndexHNSWFlat", Map.of("M", 16L, "metric_type", "IP"), false),
                Arguments.of("HNSW8,Flat", "IndexHNSWFlat", Map.of("M", 8L, "metric_type", "L2"), false),
                Arguments.of(
                        "IVF",
                        "IndexIVFFlat",
                        Map.of("nlist", 100L, "metric_type", "L2", "requires_training", true),
                        true),
                Arguments.of("IVF16", "IndexIVFFlat", Map.of("nlist", 16L, "metric_type", "L2"), true),
                Arguments.of("IVF16_IP", "IndexIVFFlat", Map.of("nlist", 16L, "metric_type", "IP"), true),
                Arguments.of("IVF8,Flat", "IndexIVFFlat", Map.of("nlist", 8L, "metric_type", "L2"), true),
                Arguments.of("PQ4x2", "IndexPQ", Map.of("M", 4L, "nbits", 2L, "metric_type", "L2"), true),
                Arguments.of("PQ4", "IndexPQ", Map.of("M", 4L, "nbits", 8L), true),
                Arguments.of("PQ4x8", "IndexPQ", Map.of("M", 4L, "nbits", 8L), true),
                Arguments.of("PQ", "IndexPQ", Map.of("M", 8L, "nbits", 8L), true),
                Arguments.of("PQ2x4_IP", "IndexPQ", Map.of("M", 2L, "nbits", 4L, "metric_type", "IP"), true),
                Arguments.of("SQ8", "IndexScalarQuantizer", Map.of("qtype", 0L, "metric_type", "L2"), true),
                Arguments.of("SQ4", "IndexScalarQuantizer", Map.of("qtype", 1L), true),
                Arguments.of("SQ6_IP", "IndexScalarQuantizer", Map.of("qtype", 6L, "metric_type", "IP"), true),
                Arguments.of("SQ16", "IndexScalarQuantizer", Map.of("qtype", 4L, "requires_training", false), false),
                // plain FAISS factory strings (IndexFactory, L2)
                Arguments.of("HNSW16,SQ8", "IndexHNSWSQ", Map.of("factory_string", "HNSW16,SQ8"), true),
                Arguments.of("HNSW8_PQ4", "IndexHNSWPQ", Map.of("metric_type", "L2"), true),
                Arguments.of("IVF8_HNSW16,Flat", "IndexIVFFlat", Map.of("factory_string", "IVF8_HNSW16,Flat"), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("types")
    void createTrainAddSearch(String type, String faissClass, Map<String, Object> extras, boolean trains) {
        String id = name();
        Map<String, Object> c = client.ok("create_index", "index_id", id, "dimension", D, "index_type", type);
        assertThat(c)
                .containsEntry("index_id", id)
                .containsEntry("dimension", 8L)
                .containsEntry("type", faissClass)
                .containsEntry("is_trained", !trains)
                .containsEntry("requires_training", trains)
                .containsAllEntriesOf(extras);
        Map<String, Object> t = client.ok("train_index", "index_id", id, "training_vectors", rows(TRAIN));
        assertThat(t).containsEntry("is_trained", true).containsEntry("index_id", id);
        if (trains) {
            assertThat(t)
                    .containsEntry("message", "Index successfully trained")
                    .containsEntry("trained_with", 1000L)
                    .containsKeys("has_enough_vectors", "recommendation", "training_info");
            assertThat(map(t.get("training_info"))).containsEntry("requires_training", true);
        } else {
            assertThat(t).containsEntry("training_skipped", true);
        }
        Map<String, Object> a = client.ok("add_vectors", "index_id", id, "vectors", rows(DATA));
        assertThat(a).containsEntry("count", 100L).containsEntry("ntotal", 100L).containsEntry("total", 100L);
        FloatMatrix q = new FloatMatrix(5, D, java.util.Arrays.copyOf(DATA.data(), 5 * D));
        Map<String, Object> s = client.ok("search", "index_id", id, "query_vectors", rows(q), "k", 5);
        assertThat((List<?>) s.get("results")).hasSize(5);
        for (int i = 0; i < 5; i++) {
            long[] labels = longs(result(s, i).get("indices"));
            float[] dist = floats(result(s, i).get("distances"));
            assertThat(labels).hasSize(5);
            assertThat(dist).hasSize(5);
            assertThat(labels[0]).isBetween(0L, 99L);
            for (long l : labels) {
                assertThat(l).isBetween(-1L, 99L);
            }
        }
        // exact and near-exact types find the query itself first (L2 metric)
        if (type.equals("L2") || type.startsWith("HNSW32") || type.equals("SQ16")) {
            assertThat(longs(result(s, 3).get("indices"))[0]).isEqualTo(3L);
        }
        Map<String, Object> stats = client.ok("get_index_stats", "index_id", id);
        assertThat(stats).containsEntry("ntotal", 100L).containsEntry("index_type", type);
        // reset works for every type and keeps training
        client.ok("reset", "index_id", id);
        assertThat(client.ntotal(id)).isZero();
        client.ok("add_vectors", "index_id", id, "vectors", rows(DATA));
        assertThat(client.ntotal(id)).isEqualTo(100);
        client.ok("delete_index", "index_id", id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"IVF16", "PQ8x8", "IVF", "SQ8", "IDMap:IVF16", "IDMap2:PQ4x8"})
    void untrainedIndexesRefuseAddAndSearch(String type) {
        String id = name();
        client.ok("create_index", "index_id", id, "dimension", D, "index_type", type);
        boolean idmap = type.startsWith("IDMap");
        client.fails(
                "Index is not ready: Index requires training before use",
                "NOT_TRAINED",
                idmap ? "add_with_ids" : "add_vectors",
                "index_id",
                id,
                "vectors",
                rows(DATA),
                "ids",
                LongStream.range(0, 100).boxed().toList());
        client.fails(
                "Index is not ready: Index requires training before use",
                "NOT_TRAINED",
                "search",
                "index_id",
                id,
                "query_vectors",
                rows(DATA),
                "k",
                5,
                "params",
                Map.of("nprobe", 10));
        assertThat(client.ntotal(id)).isZero();
    }

    @Test
    void trainingReplies() {
        String id = name();
        client.ok("create_index", "index_id", id, "dimension", D, "index_type", "IVF16");
        // too few points: FAISS's text, TRAINING_ERROR with error_details
        Map<String, Object> r = client.call("train_index", "index_id", id, "training_vectors", rows(random(3, 10, D)));
        FaissxTestClient.assertFailure(
                r,
                "Training error: Number of training points (10) should be at least as large as number of clusters (16)",
                "TRAINING_ERROR");
        assertThat(map(r.get("error_details"))).containsEntry("index_id", id).containsEntry("vector_count", 10L);
        r = client.call("train_index", "index_id", id, "training_vectors", List.of());
        assertThat(r).containsEntry("error_code", "TRAINING_ERROR");
        client.fails(
                "Training vector dimension mismatch. Expected 8, got 4",
                "INVALID_ARGUMENT",
                "train_index",
                "index_id",
                id,
                "training_vectors",
                rows(random(3, 20, 4)));
        // fewer than 50 * nlist: trained, with a recommendation
        Map<String, Object> t = client.ok("train_index", "index_id", id, "training_vectors", rows(random(4, 200, D)));
        assertThat(t)
                .containsEntry("has_enough_vectors", false)
                .containsEntry("recommendation", "For optimal results, consider using at least 800 training vectors");
        assertThat(map(t.get("training_info")))
                .containsEntry("is_trained", true)
                .containsKey("params");
        assertThat(map(map(t.get("training_info")).get("params")))
                .containsEntry("nlist", 16L)
                .containsEntry("min_vectors", 16L);
        // §16 item 39: IVF (nlist 100) trained with 150 vectors
        String opt = name();
        client.ok("create_index", "index_id", opt, "dimension", D, "index_type", "IVF");
        client.ok("train_index", "index_id", opt, "training_vectors", rows(random(5, 150, D)));
        // retraining a non-empty index would invalidate its codes: refused, nothing changed
        client.ok("add_vectors", "index_id", id, "vectors", rows(DATA));
        r = client.call("train_index", "index_id", id, "training_vectors", rows(TRAIN));
        assertThat(r).containsEntry("error_code", "TRAINING_ERROR");
        assertThat(client.ntotal(id)).isEqualTo(100);
        // flat: skipped even without vectors
        String flat = name();
        client.ok("create_index", "index_id", flat, "dimension", D, "index_type", "L2");
        assertThat(client.ok("train_index", "index_id", flat))
                .containsEntry("message", "This index type does not require training")
                .containsEntry("training_skipped", true)
                .containsEntry("training_info", Map.of("requires_training", false, "is_trained", true));
    }

    @Test
    void idMapOverTrainableTypes() {
        for (String type : List.of("IDMap:IVF16", "IDMap2:PQ4x8", "IDMap:HNSW16", "IDMap2:SQ8")) {
            String id = name();
            Map<String, Object> c = client.ok("create_index", "index_id", id, "dimension", D, "index_type", type);
            assertThat(c).containsEntry("is_idmap", true).containsEntry("base_index_id", id + "_base");
            client.ok("train_index", "index_id", id, "training_vectors", rows(TRAIN));
            assertThat(client.ok("get_index_stats", "index_id", id + "_base")).containsEntry("is_trained", true);
            List<Long> ids = LongStream.range(5000, 5100).boxed().toList();
            client.ok("add_with_ids", "index_id", id, "vectors", rows(DATA), "ids", ids);
            Map<String, Object> s = client.ok(
                    "search", "index_id", id, "query_vectors", rows(DATA), "k", 3, "params", Map.of("nprobe", 16));
            long[] labels = longs(result(s, 7).get("indices"));
            assertThat(labels[0]).isBetween(5000L, 5099L);
            if (!type.contains("PQ") && !type.contains("SQ")) {
                assertThat(labels[0]).isEqualTo(5007L);
            }
            float[] v =
                    floats(client.ok("reconstruct", "index_id", id, "id", 5007).get("vector"));
            assertThat(v).hasSize(D);
        }
    }

    @Test
    void ivfReconstructAndSearchAndReconstruct() {
        String id = name();
        client.ok("create_index", "index_id", id, "dimension", D, "index_type", "IVF8");
        client.ok("train_index", "index_id", id, "training_vectors", rows(TRAIN));
        client.ok("add_vectors", "index_id", id, "vectors", rows(DATA));
        float[] v = floats(client.ok("reconstruct", "index_id", id, "id", 42).get("vector"));
        assertThat(v).containsExactly(java.util.Arrays.copyOfRange(DATA.data(), 42 * D, 43 * D));
        List<?> vs = (List<?>) client.ok("reconstruct_n", "index_id", id, "start_idx", 20, "num_vectors", 5)
                .get("vectors");
        assertThat(floats(vs.get(2))).containsExactly(java.util.Arrays.copyOfRange(DATA.data(), 22 * D, 23 * D));
        Map<String, Object> sr = client.ok(
                "search_and_reconstruct",
                "index_id",
                id,
                "query_vectors",
                rows(new FloatMatrix(1, D, java.util.Arrays.copyOfRange(DATA.data(), 9 * D, 10 * D))),
                "k",
                2,
                "params",
                Map.of("nprobe", 8));
        assertThat(longs(result(sr, 0).get("indices"))[0]).isEqualTo(9L);
        assertThat(floats(((List<?>) result(sr, 0).get("vectors")).get(0)))
                .containsExactly(java.util.Arrays.copyOfRange(DATA.data(), 9 * D, 10 * D));
    }

    /** IVF-PQ / IVF-SQ strings (built in IndexBuilders with the core constructors): class, reply entries. */
    static Stream<Arguments> pendingTypes() {
        return Stream.of(
                Arguments.of(
                        "IVF4_SQ0", "IndexIVFScalarQuantizer", Map.of("nlist", 4L, "qtype", 0L, "metric_type", "L2")),
                Arguments.of("IVF4_SQ8", "IndexIVFScalarQuantizer", Map.of("nlist", 4L, "qtype", 8L)),
                Arguments.of("IVF4_SQ0_IP", "IndexIVFScalarQuantizer", Map.of("nlist", 4L, "metric_type", "IP")),
                Arguments.of("IVF16,SQ8", "IndexIVFScalarQuantizer", Map.of("nlist", 16L, "qtype", 0L)),
                Arguments.of("IVF8,PQ4x8", "IndexIVFPQ", Map.of("nlist", 8L, "M", 4L, "nbits", 8L)),
                Arguments.of(
                        "IVF8,PQ2x4_IP", "IndexIVFPQ", Map.of("nlist", 8L, "M", 2L, "nbits", 4L, "metric_type", "IP")));
    }

    /** IVF-PQ and IVF-SQ (§16 items 28, 37, 45, 49, 50): the full flow, nprobe params, the IVF-PQ top-level keys (§9.5). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("pendingTypes")
    void ivfPqAndIvfSq(String type, String faissClass, Map<String, Object> extras) {
        String id = name();
        Map<String, Object> c = client.ok("create_index", "index_id", id, "dimension", D, "index_type", type);
        assertThat(c)
                .containsEntry("type", faissClass)
                .containsEntry("is_trained", false)
                .containsEntry("requires_training", true)
                .containsAllEntriesOf(extras);
        client.fails(
                "Index is not ready: Index requires training before use",
                "NOT_TRAINED",
                "add_vectors",
                "index_id",
                id,
                "vectors",
                rows(DATA));
        client.ok("train_index", "index_id", id, "training_vectors", rows(TRAIN));
        client.ok("add_vectors", "index_id", id, "vectors", rows(DATA));
        int nlist = ((Long) extras.get("nlist")).intValue();
        Map<String, Object> s = client.ok(
                "search", "index_id", id, "query_vectors", rows(DATA), "k", 5, "params", Map.of("nprobe", nlist));
        assertThat((List<?>) s.get("results")).hasSize(100);
        assertThat(longs(result(s, 0).get("indices"))).doesNotContain(-1L);
        if (faissClass.equals("IndexIVFPQ")) {
            assertThat((List<?>) s.get("indices")).hasSize(100);
            assertThat(longs(((List<?>) s.get("indices")).get(0)))
                    .containsExactly(longs(result(s, 0).get("indices")));
        } else {
            assertThat(s).doesNotContainKey("indices");
        }
        assertThat(client.ok("get_parameter", "index_id", id, "parameter", "nprobe"))
                .containsEntry("param_value", 1L);
        Map<String, Object> r = client.call("recluster_index", "index_id", id, "n_clusters", 2);
        if (Long.valueOf(8).equals(extras.get("nbits"))) {
            // 100 stored vectors cannot train 256 PQ centroids: refused, the index unchanged
            assertThat((String) r.get("error")).startsWith("Error reclustering index: ");
            assertThat(client.ok("get_index_stats", "index_id", id)).containsEntry("nlist", (long) nlist);
        } else {
            assertThat(r)
                    .containsEntry("success", true)
                    .containsEntry("new_nlist", 2L)
                    .containsEntry("ntotal", 100L);
        }
    }

    /** Types without core classes: a clear UNSUPPORTED error naming the type. */
    @ParameterizedTest
    @ValueSource(strings = {"BINARY_FLAT", "PCA4,L2", "NORM,L2", "OPQ4_8,L2", "LSH", "IVF16,PQ8fs"})
    void typesWithoutCoreClassesAreNotSupportedYet(String type) {
        Map<String, Object> r = client.call("create_index", "index_id", name(), "dimension", D, "index_type", type);
        assertThat(r).containsEntry("success", false).containsEntry("error_code", "UNSUPPORTED");
        assertThat((String) r.get("error")).contains("Unsupported index type: " + type + " (not supported yet");
    }

    @Test
    void constructionFailuresAreUnsupportedTypes() {
        Map<String, Object> r = client.call("create_index", "index_id", name(), "dimension", 7, "index_type", "PQ4x8");
        assertThat(r).containsEntry("success", false).containsEntry("error_code", "UNSUPPORTED");
        assertThat((String) r.get("error")).startsWith("Unsupported index type: PQ4x8 (");
        r = client.call("create_index", "index_id", name(), "dimension", 8, "index_type", "l2");
        FaissxTestClient.assertFailure(r, "Unsupported index type: l2", "UNSUPPORTED");
    }

    @Test
    void searchParamsApplyPerRequestOnly() {
        String id = name();
        client.ok("create_index", "index_id", id, "dimension", D, "index_type", "IVF16");
        client.ok("train_index", "index_id", id, "training_vectors", rows(TRAIN));
        client.ok("add_vectors", "index_id", id, "vectors", rows(DATA));
        FloatMatrix q = random(7, 20, D);
        Map<String, Object> exact =
                client.ok("search", "index_id", id, "query_vectors", rows(q), "k", 10, "params", Map.of("nprobe", 16));
        // all 16 lists visited: every row is full
        for (int i = 0; i < 20; i++) {
            assertThat(longs(result(exact, i).get("indices"))).doesNotContain(-1L);
        }
        // the index's own nprobe (1) is unchanged: never persisted from params
        assertThat(client.ok("get_parameter", "index_id", id, "parameter", "nprobe"))
                .containsEntry("param_value", 1L);
        Map<String, Object> one = client.ok("search", "index_id", id, "query_vectors", rows(q), "k", 10);
        assertThat(one.get("results")).isNotEqualTo(exact.get("results"));
        // set_parameter persists
        client.ok("set_parameter", "index_id", id, "parameter", "nprobe", "value", 16);
        Map<String, Object> set = client.ok("search", "index_id", id, "query_vectors", rows(q), "k", 10);
        assertThat(set.get("results")).isEqualTo(exact.get("results"));
        // string and float values convert like Python's int(); bad values are refused
        client.ok("search", "index_id", id, "query_vectors", rows(q), "k", 1, "params", Map.of("nprobe", "4"));
        client.ok("search", "index_id", id, "query_vectors", rows(q), "k", 1, "params", Map.of("nprobe", 4.7, "x", 1));
        Map<String, Object> bad =
                client.call("search", "index_id", id, "query_vectors", rows(q), "k", 1, "params", Map.of("nprobe", 0));
        assertThat(bad).containsEntry("success", false).containsEntry("error_code", "INVALID_ARGUMENT");

        // HNSW efSearch / ef_search / ef, also through IDMap
        String h = name();
        client.ok("create_index", "index_id", h, "dimension", D, "index_type", "IDMap:HNSW4");
        client.ok(
                "add_with_ids",
                "index_id",
                h,
                "vectors",
                rows(DATA),
                "ids",
                LongStream.range(0, 100).boxed().toList());
        for (String key : List.of("efSearch", "ef_search", "ef")) {
            Map<String, Object> r =
                    client.ok("search", "index_id", h, "query_vectors", rows(q), "k", 50, "params", Map.of(key, 200));
            for (int i = 0; i < 20; i++) {
                assertThat(longs(result(r, i).get("indices"))).doesNotContain(-1L);
            }
        }
        assertThat(client.ok("get_parameter", "index_id", h + "_base", "parameter", "efSearch"))
                .containsEntry("param_value", 16L);
    }
}
