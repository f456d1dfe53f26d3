package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.floats;
import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** IDMap and IDMap2 wrappers (faissx-protocol.md §7.4, §9.4, §9.15, §16 items 34, 35, 41, 43, 53). */
class IdMapTest {
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

    private static List<Long> ids(long from, int n) {
        return LongStream.range(from, from + n).boxed().toList();
    }

    @Test
    void idmapOverATypeAutoCreatesAVisibleBase() {
        Map<String, Object> c = client.ok("create_index", "index_id", "im", "dimension", 8, "index_type", "IDMap:L2");
        assertThat(c)
                .containsEntry("index_id", "im")
                .containsEntry("base_index_id", "im_base")
                .containsEntry("is_idmap", true)
                .containsEntry("is_idmap2", false)
                .containsEntry("type", "IDMap:L2");
        // add without ids is refused (FAISS's rule) and changes nothing
        Map<String, Object> r = client.call("add_vectors", "index_id", "im", "vectors", rows(random(1, 3, 8)));
        assertThat(r).containsEntry("success", false);
        assertThat((String) r.get("error")).startsWith("Error adding vectors: add does not make sense with IndexIDMap");
        FloatMatrix x = random(2, 100, 8);
        Map<String, Object> a = client.ok("add_with_ids", "index_id", "im", "vectors", rows(x), "ids", ids(1000, 100));
        assertThat(a).containsEntry("count", 100L).containsEntry("total", 100L);
        // the base shares the storage
        assertThat(client.ntotal("im_base")).isEqualTo(100);
        List<?> list = (List<?>) client.ok("list_indexes").get("indexes");
        assertThat(list).hasSize(2);
        assertThat(FaissxTestClient.map(list.get(1)))
                .containsEntry("index_id", "im")
                .containsEntry("vector_count", 100L)
                .containsEntry("base_index_id", "im_base")
                .containsEntry("is_idmap", true);
        // direct adds to the base would break the wrapper's id map
        assertThat(client.call("add_vectors", "index_id", "im_base", "vectors", rows(random(3, 1, 8))))
                .containsEntry("success", false)
                .containsEntry("error_code", "FAILED_PRECONDITION");
        // search returns user ids
        FloatMatrix q = new FloatMatrix(1, 8, Arrays.copyOfRange(x.data(), 17 * 8, 18 * 8));
        Map<String, Object> s = client.ok("search", "index_id", "im", "query_vectors", rows(q), "k", 5);
        long[] found = longs(result(s, 0).get("indices"));
        assertThat(found[0]).isEqualTo(1017);
        assertThat(LongStream.of(found).allMatch(id -> id >= 1000 && id < 1100)).isTrue();
        // reconstruct interprets the number as a user id
        assertThat(floats(client.ok("reconstruct", "index_id", "im", "id", 1017).get("vector")))
                .containsExactly(q.data());
        client.fails("ID 5 not found in index", "NOT_FOUND", "reconstruct", "index_id", "im", "id", 5);
        // reconstruct_n gives storage positions and never crashes
        List<?> firstTwo = (List<?>) client.ok("reconstruct_n", "index_id", "im", "start_idx", 0, "num_vectors", 2)
                .get("vectors");
        assertThat(floats(firstTwo.get(1))).containsExactly(Arrays.copyOfRange(x.data(), 8, 16));
        // remove_ids
        Map<String, Object> rm = client.ok("remove_ids", "index_id", "im", "ids", List.of(1017, 1018, 5));
        assertThat(rm).containsEntry("count", 2L).containsEntry("total", 98L);
        assertThat(client.ntotal("im_base")).isEqualTo(98);
        long[] after = longs(result(client.ok("search", "index_id", "im", "query_vectors", rows(q), "k", 5), 0)
                .get("indices"));
        assertThat(after).doesNotContain(1017L, 1018L);
        // deleting the wrapper keeps the base; the base can be deleted on its own
        client.ok("delete_index", "index_id", "im");
        assertThat(client.ntotal("im_base")).isEqualTo(98);
        client.ok("delete_index", "index_id", "im_base");
    }

    @Test
    void idmapWrapsAnExistingEmptyIndex() {
        client.ok("create_index", "index_id", "flat", "dimension", 4, "index_type", "L2");
        Map<String, Object> c =
                client.ok("create_index", "index_id", "wrap", "dimension", 4, "index_type", "IDMap:flat");
        assertThat(c).containsEntry("base_index_id", "flat");
        FloatMatrix x = random(4, 10, 4);
        client.ok("add_with_ids", "index_id", "wrap", "vectors", rows(x), "ids", ids(500, 10));
        assertThat(client.ntotal("flat")).isEqualTo(10);
        // add_vectors with ids on an IDMap works like add_with_ids
        Map<String, Object> a =
                client.ok("add_vectors", "index_id", "wrap", "vectors", rows(random(5, 2, 4)), "ids", List.of(7, 8));
        assertThat(a).containsEntry("count", 2L).containsEntry("ntotal", 12L);
        // a non-empty index cannot be wrapped
        Map<String, Object> r =
                client.call("create_index", "index_id", "wrap2", "dimension", 4, "index_type", "IDMap:flat");
        assertThat((String) r.get("error")).startsWith("Error creating index: index must be empty on input");
        // add_with_ids on a plain index
        client.fails(
                "Index flat is not an IDMap type",
                "FAILED_PRECONDITION",
                "add_with_ids",
                "index_id",
                "flat",
                "vectors",
                rows(random(6, 1, 4)),
                "ids",
                List.of(1));
    }

    @Test
    void idmap2ReconstructsByIdAndReplacesNothingOnBadInput() {
        Map<String, Object> c = client.ok("create_index", "index_id", "im2", "dimension", 4, "index_type", "IDMap2:IP");
        assertThat(c).containsEntry("is_idmap2", true).containsEntry("base_index_id", "im2_base");
        FloatMatrix x = random(7, 5, 4);
        client.ok("add_with_ids", "index_id", "im2", "vectors", rows(x), "ids", List.of(10, 20, 30, 40, 50));
        assertThat(floats(client.ok("reconstruct", "index_id", "im2", "id", 30).get("vector")))
                .containsExactly(Arrays.copyOfRange(x.data(), 8, 12));
        client.fails(
                "Number of vectors (5) doesn't match number of IDs (2)",
                "INVALID_ARGUMENT",
                "add_with_ids",
                "index_id",
                "im2",
                "vectors",
                rows(x),
                "ids",
                List.of(1, 2));
        client.fails(
                "Vector dimension mismatch. Expected 4, got 3",
                "INVALID_ARGUMENT",
                "add_with_ids",
                "index_id",
                "im2",
                "vectors",
                List.of(List.of(1, 2, 3)),
                "ids",
                List.of(1));
        assertThat(client.ntotal("im2")).isEqualTo(5);
        client.fails(
                "Error creating index: base index im2 is itself an IDMap index",
                "INVALID_ARGUMENT",
                "create_index",
                "index_id",
                "bad",
                "dimension",
                4,
                "index_type",
                "IDMap:im2");
    }

    @Test
    void badIdmapBaseTypeReportsTheBaseFailure() {
        client.fails(
                "Failed to create base index: Unsupported index type: nope",
                "UNSUPPORTED",
                "create_index",
                "index_id",
                "w",
                "dimension",
                4,
                "index_type",
                "IDMap:nope");
        assertThat((List<?>) client.ok("list_indexes").get("indexes")).isEmpty();
    }
}
