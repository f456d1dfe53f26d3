package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.assertFailure;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.MsgpackCodec;
import dev.annvil.server.auth.AuthConfig;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each {@link Limits} maximum is enforced before dispatch with a text naming the limit and the value. */
class LimitsTest {
    private static final String CODE = "LIMIT_EXCEEDED";
    private static AnnvilServer server;
    private static FaissxTestClient client;

    @BeforeAll
    static void start() {
        server = AnnvilServer.start(ServerConfig.defaults()
                .withPort(0)
                .withDataDir(null)
                .withWorkerThreads(2)
                .withLimits(new Limits(20, 16, 5, 3, 40)));
        client = new FaissxTestClient(server.port());
        client.ok("create_index", "index_id", "idx", "dimension", 4, "index_type", "L2");
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void vectorsPerRequest() {
        assertThat(client.ok("add_vectors", "index_id", "idx", "vectors", rows(random(1, 20, 4))))
                .containsEntry("count", 20L);
        client.fails(
                "vectors has 21 rows; the limit is 20 vectors per request (--max-vectors-per-request)",
                CODE,
                "add_vectors",
                "index_id",
                "idx",
                "vectors",
                rows(random(1, 21, 4)));
        // also when the rows are not a well-formed matrix
        client.fails(
                "training_vectors has 21 rows; the limit is 20 vectors per request (--max-vectors-per-request)",
                CODE,
                "train_index",
                "index_id",
                "idx",
                "training_vectors",
                Collections.nCopies(21, "x"));
        client.fails(
                "ids has 21 entries; the limit is 20 vectors per request (--max-vectors-per-request)",
                CODE,
                "add_with_ids",
                "index_id",
                "idx",
                "vectors",
                rows(random(1, 2, 4)),
                "ids",
                Collections.nCopies(21, 1));
        client.fails(
                "num_vectors=21; the limit is 20 vectors per request (--max-vectors-per-request)",
                CODE,
                "reconstruct_n",
                "index_id",
                "idx",
                "start_idx",
                0,
                "num_vectors",
                21);
    }

    @Test
    void dimension() {
        client.fails(
                "dimension=17 exceeds the limit of 16 (--max-dimension)",
                CODE,
                "create_index",
                "index_id",
                "wide",
                "dimension",
                17,
                "index_type",
                "L2");
        client.fails(
                "query_vectors has 17 components per vector; the limit is dimension 16 (--max-dimension)",
                CODE,
                "search",
                "index_id",
                "idx",
                "query_vectors",
                rows(random(1, 1, 17)),
                "k",
                1);
    }

    @Test
    void kAndSearchResults() {
        client.ok("search", "index_id", "idx", "query_vectors", rows(random(1, 8, 4)), "k", 5);
        client.fails(
                "k=6 exceeds the limit of 5 (--max-k)",
                CODE,
                "search",
                "index_id",
                "idx",
                "query_vectors",
                rows(random(1, 1, 4)),
                "k",
                6);
        client.fails(
                "9 queries x k=5 = 45 results exceed the limit of 40 results per search (--max-search-results)",
                CODE,
                "search",
                "index_id",
                "idx",
                "query_vectors",
                rows(random(1, 9, 4)),
                "k",
                5);
    }

    @Test
    void rangeSearchHasNoK() {
        // 9 queries: 9 x FAISSx's default k of 10 would exceed --max-search-results (40), but a range
        // search has no k; neither does a stray "k" field count against --max-k
        Map<String, Object> r = client.ok(
                "range_search", "index_id", "idx", "query_vectors", rows(random(2, 9, 4)), "radius", 0.5, "k", 6);
        assertThat((List<?>) r.get("results")).hasSize(9);
    }

    @Test
    void requestBytes() {
        try (AnnvilServer s = AnnvilServer.start(ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(null)
                        .withWorkerThreads(1)
                        .withMaxRequestBytes(1000));
                FaissxTestClient c = new FaissxTestClient(s.port())) {
            c.ok("create_index", "index_id", "idx", "dimension", 4, "index_type", "L2");
            byte[] over = MsgpackCodec.encode(
                    Map.of("action", "add_vectors", "index_id", "idx", "vectors", rows(random(1, 40, 4))));
            assertThat(over.length).isGreaterThan(1000);
            // FAISSx's text first (clients match substrings), then the size and the limit
            assertFailure(
                    c.raw(over),
                    "Request too large: " + over.length + " bytes; the limit is 1000 bytes (--max-request-bytes)",
                    CODE);
            assertThat(c.ntotal("idx")).isZero();
        }
    }

    @Test
    void indexesPerTenant() {
        try (AnnvilServer s = AnnvilServer.start(ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(null)
                        .withWorkerThreads(1)
                        .withAuth(AuthConfig.of(Map.of("ka", "a", "kb", "b")))
                        .withLimits(new Limits(20, 16, 5, 3, 40)));
                FaissxTestClient c = new FaissxTestClient(s.port())) {
            for (String id : List.of("i1", "i2", "i3")) {
                c.ok("create_index", "api_key", "ka", "index_id", id, "dimension", 4, "index_type", "L2");
            }
            assertFailure(
                    c.call("create_index", "api_key", "ka", "index_id", "i4", "dimension", 4, "index_type", "L2"),
                    "this tenant holds 3 indexes; the limit is 3 indexes per tenant (--max-indexes-per-tenant)",
                    CODE);
            // another tenant has its own allowance; an IDMap over a type needs room for its base too
            c.ok("create_index", "api_key", "kb", "index_id", "i1", "dimension", 4, "index_type", "L2");
            c.ok("create_index", "api_key", "kb", "index_id", "w", "dimension", 4, "index_type", "IDMap:L2");
            assertThat(c.call("create_index", "api_key", "kb", "index_id", "w2", "dimension", 4, "index_type", "L2"))
                    .containsEntry("error_code", CODE);
            c.ok("delete_index", "api_key", "ka", "index_id", "i1");
            c.ok("create_index", "api_key", "ka", "index_id", "i4", "dimension", 4, "index_type", "L2");
        }
        // without authentication the limit applies to the whole server
        assertThat(client.call("create_index", "index_id", "b", "dimension", 4, "index_type", "L2"))
                .containsEntry("success", true);
        client.ok("create_index", "index_id", "c", "dimension", 4, "index_type", "L2");
        assertFailure(
                client.call("create_index", "index_id", "d", "dimension", 4, "index_type", "L2"),
                "the server holds 3 indexes; the limit is 3 indexes per tenant (--max-indexes-per-tenant)",
                CODE);
        client.ok("delete_index", "index_id", "b");
        client.ok("delete_index", "index_id", "c");
    }
}
