package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.server.auth.AuthConfig;
import dev.annvil.server.auth.TenantNamespace;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Tenant isolation (faissx-protocol.md §5.3, implemented as a MAY): each API key's tenant has its
 * own index namespace. Tenant B can reach none of tenant A's indexes by name with any action of the
 * §8 catalogue, both can own "docs", listings show only one's own indexes, and every id and text in
 * a reply is the client's id, never the internal form.
 */
class TenantIsolationTest {
    private static final int D = 8;
    private static final String SEP = String.valueOf(TenantNamespace.SEPARATOR);
    /** The separator as it appears in file names (URL-encoded). */
    private static final String ENCODED_SEP = URLEncoder.encode(SEP, StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    private AnnvilServer server;
    private FaissxTestClient client;
    private FloatMatrix data;

    private ServerConfig config() {
        return ServerConfig.defaults()
                .withPort(0)
                .withDataDir(dataDir)
                .withWorkerThreads(2)
                .withAuth(AuthConfig.of(Map.of("ka", "tenant-a", "kb", "tenant-b")));
    }

    @BeforeEach
    void start() {
        server = AnnvilServer.start(config());
        client = new FaissxTestClient(server.port());
        data = random(5, 10, D);
        a("create_index", "index_id", "docs", "dimension", D, "index_type", "L2");
        a("add_vectors", "index_id", "docs", "vectors", rows(data));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private Map<String, Object> as(String key, String action, Object... kv) {
        List<Object> all = new ArrayList<>(List.of("api_key", key));
        all.addAll(Arrays.asList(kv));
        Map<String, Object> r = client.call(action, all.toArray());
        assertThat(r.toString())
                .as("reply to %s %s shows no internal id", action, Arrays.toString(kv))
                .doesNotContain(SEP)
                .doesNotContainIgnoringCase(ENCODED_SEP)
                .doesNotContain("tenant-a")
                .doesNotContain("tenant-b");
        return r;
    }

    /** A successful call as tenant A. */
    private Map<String, Object> a(String action, Object... kv) {
        Map<String, Object> r = as("ka", action, kv);
        assertThat(r).as(action + " as A").containsEntry("success", true);
        return r;
    }

    /** A successful call as tenant B. */
    private Map<String, Object> b(String action, Object... kv) {
        Map<String, Object> r = as("kb", action, kv);
        assertThat(r).as(action + " as B").containsEntry("success", true);
        return r;
    }

    private static List<String> listed(Map<String, Object> listReply) {
        return ((List<?>) listReply.get("indexes"))
                .stream()
                        .map(e -> (String) FaissxTestClient.map(e).get("index_id"))
                        .toList();
    }

    private void assertDocsOfAIntact() {
        assertThat(a("get_index_stats", "index_id", "docs")).containsEntry("ntotal", 10L);
        FloatMatrix q = new FloatMatrix(1, D, Arrays.copyOfRange(data.data(), 3 * D, 4 * D));
        Map<String, Object> r = a("search", "index_id", "docs", "query_vectors", rows(q), "k", 1);
        assertThat(longs(result(r, 0).get("indices"))).containsExactly(3);
    }

    /** Every action of the §8 catalogue that names an index, as tenant B would send it for A's "docs". */
    static Stream<Arguments> actionsOnAnIndex() {
        List<List<Double>> two = rows(random(7, 2, D));
        List<List<Double>> one = rows(random(8, 1, D));
        return Stream.of(
                Arguments.of("add_vectors", List.of("vectors", two)),
                Arguments.of("search", List.of("query_vectors", one, "k", 2)),
                Arguments.of("range_search", List.of("query_vectors", one, "radius", 10.0)),
                Arguments.of("train_index", List.of("training_vectors", two)),
                Arguments.of("reconstruct", List.of("id", 0, "idx", 0)),
                Arguments.of("reconstruct_n", List.of("start_idx", 0, "num_vectors", 2)),
                Arguments.of("search_and_reconstruct", List.of("query_vectors", one, "k", 2)),
                Arguments.of("delete_index", List.of()),
                Arguments.of("get_index_stats", List.of()),
                Arguments.of("add_with_ids", List.of("vectors", two, "ids", List.of(1, 2))),
                Arguments.of("remove_ids", List.of("ids", List.of(0, 1))),
                Arguments.of("replace_vector", List.of("id", 0, "vector", one.getFirst())),
                Arguments.of("batch_add_with_ids", List.of("vectors", two, "ids", List.of(1, 2), "batch_size", 1)),
                Arguments.of("optimize_index", List.of("optimization_level", 2)),
                Arguments.of("hybrid_search", List.of("query_vectors", one, "k", 2, "vector_weight", 0.5)),
                Arguments.of("get_index_status", List.of()),
                Arguments.of("get_index_info", List.of()),
                Arguments.of("reset", List.of()),
                Arguments.of("clear", List.of()),
                Arguments.of("set_parameter", List.of("parameter", "nprobe", "value", 2)),
                Arguments.of("get_parameter", List.of("parameter", "ntotal")),
                Arguments.of("get_vectors", List.of("start_idx", 0, "limit", 2)),
                Arguments.of("apply_transform", List.of("vectors", two)),
                Arguments.of("get_transform_info", List.of()),
                Arguments.of("recluster_index", List.of("n_clusters", 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("actionsOnAnIndex")
    void tenantBCannotReachTheIndexOfA(String action, List<Object> fields) {
        List<Object> kv = new ArrayList<>(List.of("index_id", "docs"));
        kv.addAll(fields);
        Map<String, Object> r = as("kb", action, kv.toArray());
        assertThat(r).containsEntry("success", false);
        String error = (String) r.get("error");
        if (!error.equals("Unknown action")) { // actions this build does not implement yet
            assertThat(error).containsAnyOf("Index docs not found", "Index docs does not exist");
            assertThat(r).containsEntry("error_code", "NOT_FOUND");
        }
        assertDocsOfAIntact();
    }

    @Test
    void mergeCannotNameTheIndexOfAAsSourceOrTarget() {
        b("create_index", "index_id", "own", "dimension", D, "index_type", "L2");
        Map<String, Object> r1 =
                as("kb", "merge_indices", "target_index_id", "own", "source_index_ids", List.of("docs"));
        Map<String, Object> r2 =
                as("kb", "merge_indices", "target_index_id", "docs", "source_index_ids", List.of("own"));
        for (Map<String, Object> r : List.of(r1, r2)) {
            assertThat(r).containsEntry("success", false);
            if (!"Unknown action".equals(r.get("error"))) {
                assertThat((String) r.get("error")).contains("docs not found");
            }
        }
        assertThat(b("get_index_stats", "index_id", "own")).containsEntry("ntotal", 0L);
        assertDocsOfAIntact();
    }

    @Test
    void bothTenantsOwnDocsIndependently() {
        Map<String, Object> created = b("create_index", "index_id", "docs", "dimension", 4, "index_type", "IP");
        assertThat(created)
                .containsEntry("index_id", "docs")
                .containsEntry("message", "Index docs created successfully")
                .containsEntry("dimension", 4L);
        assertThat(b("add_vectors", "index_id", "docs", "vectors", rows(random(9, 3, 4))))
                .containsEntry("ntotal", 3L)
                .containsEntry("message", "Added 3 vectors to index docs");
        assertThat(b("get_index_stats", "index_id", "docs"))
                .containsEntry("index_id", "docs")
                .containsEntry("ntotal", 3L)
                .containsEntry("dimension", 4L);
        assertDocsOfAIntact();
        assertThat(b("delete_index", "index_id", "docs"))
                .containsEntry("index_id", "docs")
                .containsEntry("message", "Index docs deleted successfully");
        assertDocsOfAIntact();
    }

    @Test
    void listingsShowOnlyTheCallersIndexes() {
        b("create_index", "index_id", "b1", "dimension", D, "index_type", "L2");
        b("create_index", "index_id", "docs", "dimension", D, "index_type", "L2");
        for (String action : List.of("list_indexes", "list_indices")) {
            assertThat(listed(a(action))).containsExactly("docs");
            assertThat(listed(b(action))).containsExactly("b1", "docs");
        }
    }

    @Test
    void idMapBasesResolveInsideTheNamespace() {
        // B cannot wrap A's index: "docs" is no index of B's, so it is read as an (unknown) type
        Map<String, Object> r =
                as("kb", "create_index", "index_id", "wrap", "dimension", D, "index_type", "IDMap:docs");
        assertThat(r).containsEntry("success", false);
        assertThat((String) r.get("error")).contains("Unsupported index type: docs");
        assertThat(listed(b("list_indexes"))).isEmpty();

        // A wraps its own empty base; every id in the replies is A's
        a("create_index", "index_id", "base8", "dimension", D, "index_type", "L2");
        Map<String, Object> w = a("create_index", "index_id", "idm", "dimension", D, "index_type", "IDMap2:base8");
        assertThat(w)
                .containsEntry("index_id", "idm")
                .containsEntry("base_index_id", "base8")
                .containsEntry("type", "IDMap2:base8")
                .containsEntry("message", "IDMap index idm created successfully");
        a("add_with_ids", "index_id", "idm", "vectors", rows(random(10, 2, D)), "ids", List.of(100, 200));
        assertThat(a("get_index_stats", "index_id", "idm")).containsEntry("base_index_id", "base8");
        assertThat(a("get_index_stats", "index_id", "base8")).containsEntry("ntotal", 2L);

        // an IDMap over a type auto-creates <id>_base inside the namespace
        Map<String, Object> auto = a("create_index", "index_id", "auto", "dimension", D, "index_type", "IDMap:L2");
        assertThat(auto).containsEntry("base_index_id", "auto_base").containsEntry("type", "IDMap:L2");
        assertThat(listed(a("list_indexes"))).containsExactly("docs", "base8", "idm", "auto_base", "auto");
        Map<String, Object> entry = ((List<?>) a("list_indexes").get("indexes"))
                .stream()
                        .map(FaissxTestClient::map)
                        .filter(e -> e.get("index_id").equals("idm"))
                        .findFirst()
                        .orElseThrow();
        assertThat(entry).containsEntry("base_index_id", "base8");
        assertThat(listed(b("list_indexes"))).isEmpty();
    }

    @Test
    void errorTextsShowTheClientsIds() {
        Map<String, Object> r = as("ka", "search", "index_id", "nope", "query_vectors", rows(random(1, 1, D)), "k", 1);
        assertThat(r).containsEntry("error", "Index nope does not exist");
        assertThat(as("ka", "create_index", "index_id", "docs", "dimension", D, "index_type", "L2"))
                .containsEntry("error", "Index docs already exists");
        assertThat(as("ka", "delete_index", "index_id", "nope")).containsEntry("error", "Index nope not found");
        // a base that is itself an IDMap is named with its client id
        a("create_index", "index_id", "w1", "dimension", D, "index_type", "IDMap:L2");
        Map<String, Object> nested =
                as("ka", "create_index", "index_id", "w2", "dimension", D, "index_type", "IDMap:w1");
        assertThat((String) nested.get("error")).contains("base index w1 is itself an IDMap");
    }

    @Test
    void statusRepliesShowNoFileNameOfTheInternalId() {
        // the snapshot file is named after the internal id, so its path is not shown to a tenant
        Map<String, Object> info = a("get_index_info", "index_id", "docs");
        assertThat(FaissxTestClient.map(info.get("storage")))
                .containsEntry("persistent", true)
                .containsEntry("storage_path", null);
        a("get_index_status", "index_id", "docs");
        a("get_index_stats", "index_id", "docs");
    }

    @Test
    void idsWithTheSeparatorAreRefused() {
        Map<String, Object> r = as("ka", "create_index", "index_id", "x" + SEP + "y", "dimension", D);
        // (the assertion in as() ran on a reply that does not echo the id)
        assertThat(r).containsEntry("success", false).containsEntry("error_code", "INVALID_ARGUMENT");
    }

    @Test
    void namespacesSurviveARestart() {
        b("create_index", "index_id", "kept", "dimension", D, "index_type", "L2");
        client.close();
        server.close();
        server = AnnvilServer.start(config());
        client = new FaissxTestClient(server.port());
        assertThat(listed(a("list_indexes"))).containsExactly("docs");
        assertThat(listed(b("list_indexes"))).containsExactly("kept");
        assertDocsOfAIntact();
    }
}
