package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.assertFailure;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.MsgpackCodec;
import dev.annvil.server.auth.AuthConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Authentication over the wire, as faissx-protocol.md §16 items 5-11 (server started with
 * {@code --enable-auth --auth-keys "123:tenant-1,abc:tenant-2"}), plus the order of the checks of
 * §5.2 and the §5.1 activation rules.
 */
class AuthTest {
    private static final String AUTH = "AUTH_ERROR";
    private static AnnvilServer server;
    private static FaissxTestClient client;

    @BeforeAll
    static void start() {
        Map<String, String> keys = new LinkedHashMap<>(AuthConfig.parseKeyList("123:tenant-1,abc:tenant-2"));
        keys.put("emptytenant", "");
        server = AnnvilServer.start(ServerConfig.defaults()
                .withPort(0)
                .withDataDir(null)
                .withWorkerThreads(2)
                .withAuth(AuthConfig.of(keys)));
        client = new FaissxTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /** A call with these authentication fields first (null values are sent as nil). */
    private static Map<String, Object> as(Object apiKey, Object tenantId, String action, Object... keyValues) {
        List<Object> kv = new ArrayList<>(List.of("api_key", apiKey == null ? "" : apiKey));
        if (apiKey == null) {
            kv.clear();
        }
        if (tenantId != null) {
            kv.addAll(List.of("tenant_id", tenantId));
        }
        kv.addAll(Arrays.asList(keyValues));
        return client.call(action, kv.toArray());
    }

    @Test
    void item5PingIsExemptEvenWithAnInvalidKey() {
        assertThat(as("invalid-key", "some-tenant", "ping")).containsEntry("success", true);
        assertThat(client.call("ping")).containsEntry("success", true);
    }

    @Test
    void item6InvalidKeyIsRejected() {
        Map<String, Object> r = as(
                "invalid-key", "some-tenant", "create_index", "index_id", "i6", "dimension", 128, "index_type", "L2");
        assertFailure(r, "Invalid API key", AUTH);
    }

    @Test
    void item7MissingKeyIsRequired() {
        Map<String, Object> r =
                as(null, "some-tenant", "create_index", "index_id", "i7", "dimension", 128, "index_type", "L2");
        assertFailure(r, "API key required", AUTH);
        assertFailure(as("", null, "create_index", "index_id", "i7"), "API key required", AUTH);
        assertFailure(client.call("create_index", "api_key", null, "index_id", "i7"), "API key required", AUTH);
    }

    @Test
    void items8And9EachKeyCreatesAddsAndSearches() {
        for (String[] kt : new String[][] {{"123", "tenant-1"}, {"abc", "tenant-2"}}) {
            String id = "index-flat-l2-" + kt[1];
            assertThat(as(kt[0], kt[1], "create_index", "index_id", id, "dimension", 128, "index_type", "L2"))
                    .containsEntry("success", true)
                    .containsEntry("index_id", id);
            assertThat(as(kt[0], kt[1], "add_vectors", "index_id", id, "vectors", rows(random(1, 10, 128))))
                    .containsEntry("success", true)
                    .containsEntry("count", 10L);
            Map<String, Object> s =
                    as(kt[0], kt[1], "search", "index_id", id, "query_vectors", rows(random(2, 1, 128)), "k", 5);
            assertThat(s).containsEntry("success", true);
            assertThat((List<?>) result(s, 0).get("distances")).hasSize(5);
        }
    }

    @Test
    void item10TenantSwitch() {
        assertThat(as("123", "tenant-1", "create_index", "index_id", "switch-a", "dimension", 8, "index_type", "L2"))
                .containsEntry("success", true);
        assertThat(as("123", "tenant-1", "add_vectors", "index_id", "switch-a", "vectors", rows(random(3, 10, 8))))
                .containsEntry("count", 10L);
        assertThat(as("abc", "tenant-2", "create_index", "index_id", "switch-b", "dimension", 8, "index_type", "L2"))
                .containsEntry("success", true);
        assertThat(as("abc", "tenant-2", "add_vectors", "index_id", "switch-b", "vectors", rows(random(4, 5, 8))))
                .containsEntry("count", 5L);
    }

    @Test
    void item11OverlongOrNonStringKeyAndTenant() {
        String longKey = "k".repeat(257);
        assertFailure(as(longKey, null, "list_indexes"), "Invalid API key", AUTH);
        assertFailure(as(123L, null, "list_indexes"), "Invalid API key", AUTH);
        assertFailure(as(List.of("123"), null, "list_indexes"), "Invalid API key", AUTH);
        assertFailure(as("123", "t".repeat(129), "list_indexes"), "Invalid tenant ID", AUTH);
        assertFailure(as("123", 5L, "list_indexes"), "Invalid tenant ID", AUTH);
        // 128 characters is still fine, and the hint need not match the key's tenant
        assertThat(as("123", "t".repeat(128), "list_indexes")).containsEntry("success", true);
        assertThat(as("123", "tenant-2", "list_indexes")).containsEntry("success", true);
        // nil tenant_id counts as absent
        assertThat(client.call("list_indexes", "api_key", "123", "tenant_id", null))
                .containsEntry("success", true);
    }

    @Test
    void checksApplyInOrder() {
        // 2 before 4: a bad key wins over a bad tenant
        assertFailure(as("nope", 5L, "list_indexes"), "Invalid API key", AUTH);
        // 1 before 4
        assertFailure(as(null, 5L, "list_indexes"), "API key required", AUTH);
        // a key mapped to an empty tenant is never accepted
        assertFailure(as("emptytenant", null, "list_indexes"), "Invalid API key", AUTH);
    }

    @Test
    void unknownActionsAreAuthenticatedFirst() {
        assertFailure(as("nope", null, "nope"), "Invalid API key", AUTH);
        assertFailure(client.call("nope"), "API key required", AUTH);
        assertFailure(as("123", null, "nope"), "Unknown action", "UNKNOWN_ACTION");
        assertFailure(
                client.raw(MsgpackCodec.encode(Map.of("action", 7L, "api_key", "123"))),
                "Unknown action",
                "UNKNOWN_ACTION");
    }

    @Test
    void malformedBodiesAreRejectedBeforeAuthentication() {
        assertFailure(client.raw(new byte[] {(byte) 0xc1}), "Malformed request", "MALFORMED_REQUEST");
        assertFailure(client.raw(MsgpackCodec.encode(Map.of())), "API key required", AUTH);
        Map<String, Object> errorLike = new LinkedHashMap<>();
        errorLike.put("success", false);
        errorLike.put("error", "x");
        assertFailure(client.raw(MsgpackCodec.encode(errorLike)), "Malformed request", "MALFORMED_REQUEST");
    }

    @Test
    void authErrorRepliesNeverEchoTheKey() {
        Map<String, Object> r = as("secret-looking-key", null, "list_indexes");
        assertThat(r.toString()).doesNotContain("secret-looking-key");
    }

    @Test
    void enableAuthWithoutKeysLetsEverythingThrough() {
        try (AnnvilServer open = AnnvilServer.start(ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(null)
                        .withWorkerThreads(1)
                        .withAuth(new AuthConfig(true, Map.of())));
                FaissxTestClient c = new FaissxTestClient(open.port())) {
            c.ok("create_index", "index_id", "x", "dimension", 4, "index_type", "L2");
            assertThat(c.ok("get_index_stats", "index_id", "x")).containsEntry("index_id", "x");
        }
    }

    @Test
    void keysWithoutEnableAuthAreIgnored() {
        try (AnnvilServer open = AnnvilServer.start(ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(null)
                        .withWorkerThreads(1)
                        .withAuth(new AuthConfig(false, Map.of("123", "tenant-1"))));
                FaissxTestClient c = new FaissxTestClient(open.port())) {
            c.ok("create_index", "index_id", "x", "dimension", 4, "index_type", "L2");
            c.ok("create_index", "index_id", "y", "dimension", 4, "index_type", "L2", "api_key", "wrong");
        }
    }
}
