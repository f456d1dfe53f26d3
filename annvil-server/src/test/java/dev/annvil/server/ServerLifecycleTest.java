package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.floats;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.protocol.FloatMatrix;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The basic lifecycle of faissx-protocol.md §16 items 1, 12-19, plus stats, list, reset and train. */
class ServerLifecycleTest {
    @TempDir
    Path dataDir;

    private AnnvilServer server;
    private FaissxTestClient client;

    @BeforeEach
    void start() {
        server = AnnvilServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(dataDir).withWorkerThreads(4));
        client = new FaissxTestClient(server.port());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void pingAnswersPongWithVersionAndTimestamp() {
        Map<String, Object> r = client.ok("ping");
        assertThat(r).containsEntry("message", "pong").containsKeys("time", "version", "timestamp");
        assertThat((Double) r.get("timestamp")).isCloseTo(System.currentTimeMillis() / 1000.0, within(60.0));
    }

    @Test
    void createAddTwiceReportsNtotalTotalAndCount() {
        Map<String, Object> c =
                client.ok("create_index", "index_id", "ntotal-test-1", "dimension", 8, "index_type", "L2");
        assertThat(c)
                .containsEntry("index_id", "ntotal-test-1")
                .containsEntry("dimension", 8L)
                .containsEntry("type", "IndexFlatL2")
                .containsEntry("is_trained", true);
        Map<String, Object> a1 =
                client.ok("add_vectors", "index_id", "ntotal-test-1", "vectors", rows(random(1, 10, 8)));
        assertThat(a1).containsEntry("ntotal", 10L).containsEntry("total", 10L).containsEntry("count", 10L);
        Map<String, Object> a2 =
                client.ok("add_vectors", "index_id", "ntotal-test-1", "vectors", rows(random(2, 10, 8)));
        assertThat(a2).containsEntry("ntotal", 20L).containsEntry("total", 20L).containsEntry("count", 10L);
    }

    @Test
    void deleteTwiceFailsTheSecondTime() {
        client.ok("create_index", "index_id", "gone", "dimension", 4, "index_type", "L2");
        assertThat(client.ok("delete_index", "index_id", "gone")).containsEntry("index_id", "gone");
        client.fails("Index gone not found", "NOT_FOUND", "delete_index", "index_id", "gone");
        // the id can be used again
        client.ok("create_index", "index_id", "gone", "dimension", 4, "index_type", "L2");
    }

    @Test
    void reconstructByIdReturnsThatPosition() {
        FloatMatrix x = random(3, 100, 8);
        client.ok("create_index", "index_id", "rec", "dimension", 8, "index_type", "L2");
        client.ok("add_vectors", "index_id", "rec", "vectors", rows(x));
        float[] v50 =
                floats(client.ok("reconstruct", "index_id", "rec", "id", 50).get("vector"));
        assertThat(v50).containsExactly(java.util.Arrays.copyOfRange(x.data(), 50 * 8, 51 * 8));
        // idx wins over id (the reference's key)
        float[] v7 = floats(
                client.ok("reconstruct", "index_id", "rec", "idx", 7, "id", 50).get("vector"));
        assertThat(v7).containsExactly(java.util.Arrays.copyOfRange(x.data(), 7 * 8, 8 * 8));
        client.fails(
                "Vector index 100 out of range (0-99)",
                "INVALID_ARGUMENT",
                "reconstruct",
                "index_id",
                "rec",
                "id",
                100);
        client.fails(
                "Vector index -1 out of range (0-99)", "INVALID_ARGUMENT", "reconstruct", "index_id", "rec", "id", -1);
        client.fails("Index nope not found", "NOT_FOUND", "reconstruct", "index_id", "nope", "id", 0);
    }

    @Test
    void reconstructNReturnsConsecutiveRows() {
        FloatMatrix x = random(4, 100, 8);
        client.ok("create_index", "index_id", "recn", "dimension", 8, "index_type", "L2");
        client.ok("add_vectors", "index_id", "recn", "vectors", rows(x));
        Map<String, Object> r = client.ok("reconstruct_n", "index_id", "recn", "start_idx", 20, "num_vectors", 5);
        assertThat(r).containsEntry("start_idx", 20L).containsEntry("num_vectors", 5L);
        List<?> vectors = (List<?>) r.get("vectors");
        assertThat(vectors).hasSize(5);
        for (int i = 0; i < 5; i++) {
            assertThat(floats(vectors.get(i)))
                    .containsExactly(java.util.Arrays.copyOfRange(x.data(), (20 + i) * 8, (21 + i) * 8));
        }
        client.fails(
                "Range 98:103 exceeds index size 100",
                "INVALID_ARGUMENT",
                "reconstruct_n",
                "index_id",
                "recn",
                "start_idx",
                98,
                "num_vectors",
                5);
        client.fails(
                "Starting index cannot be negative",
                "INVALID_ARGUMENT",
                "reconstruct_n",
                "index_id",
                "recn",
                "start_idx",
                -1,
                "num_vectors",
                5);
        client.fails(
                "Number of vectors must be positive",
                "INVALID_ARGUMENT",
                "reconstruct_n",
                "index_id",
                "recn",
                "start_idx",
                0,
                "num_vectors",
                0);
    }

    @Test
    void searchAndReconstructReturnsTheNeighboursVectors() {
        FloatMatrix x = random(5, 100, 8);
        client.ok("create_index", "index_id", "sar", "dimension", 8, "index_type", "L2");
        client.ok("add_vectors", "index_id", "sar", "vectors", rows(x));
        FloatMatrix q = new FloatMatrix(5, 8, java.util.Arrays.copyOfRange(x.data(), 0, 40));
        Map<String, Object> r =
                client.ok("search_and_reconstruct", "index_id", "sar", "query_vectors", rows(q), "k", 5);
        List<?> results = (List<?>) r.get("results");
        assertThat(results).hasSize(5);
        for (int i = 0; i < 5; i++) {
            Map<?, ?> e = (Map<?, ?>) results.get(i);
            long[] ids = FaissxTestClient.longs(e.get("indices"));
            List<?> vecs = (List<?>) e.get("vectors");
            assertThat(ids).hasSize(5);
            assertThat(ids[0]).isEqualTo(i); // each query is a stored vector
            assertThat(floats(e.get("distances"))).hasSize(5);
            for (int j = 0; j < 5; j++) {
                int id = (int) ids[j];
                assertThat(floats(vecs.get(j)))
                        .containsExactly(java.util.Arrays.copyOfRange(x.data(), id * 8, (id + 1) * 8));
            }
        }
    }

    @Test
    void statsListResetAndTrain() {
        client.ok("create_index", "index_id", "a", "dimension", 4, "index_type", "L2");
        client.ok("create_index", "index_id", "b", "dimension", 6, "index_type", "IP");
        client.ok("add_vectors", "index_id", "b", "vectors", rows(random(6, 3, 6)));
        Map<String, Object> stats = client.ok("get_index_stats", "index_id", "b");
        assertThat(stats)
                .containsEntry("index_id", "b")
                .containsEntry("dimension", 6L)
                .containsEntry("ntotal", 3L)
                .containsEntry("count", 3L)
                .containsEntry("index_type", "IP");
        for (String action : List.of("list_indexes", "list_indices")) {
            Object list = client.ok(action).get("indexes");
            assertThat(list)
                    .isEqualTo(List.of(
                            Map.of("index_id", "a", "dimension", 4L, "vector_count", 0L, "index_type", "L2"),
                            Map.of("index_id", "b", "dimension", 6L, "vector_count", 3L, "index_type", "IP")));
        }
        Map<String, Object> train = client.ok("train_index", "index_id", "b");
        assertThat(train)
                .containsEntry("training_skipped", true)
                .containsEntry("is_trained", true)
                .containsEntry("message", "This index type does not require training");
        assertThat(client.ok("reset", "index_id", "b")).containsEntry("message", "Index b has been reset");
        assertThat(client.ntotal("b")).isZero();
        client.fails("Index zz not found", "NOT_FOUND", "get_index_stats", "index_id", "zz");
        client.fails("Index zz does not exist", "NOT_FOUND", "train_index", "index_id", "zz");
    }

    @Test
    void removeIdsOnAFlatIndexRemovesPositionsAndRenumbers() {
        FloatMatrix x = random(7, 5, 4);
        client.ok("create_index", "index_id", "f", "dimension", 4, "index_type", "L2");
        client.ok("add_vectors", "index_id", "f", "vectors", rows(x));
        Map<String, Object> r = client.ok("remove_ids", "index_id", "f", "ids", List.of(1, 3, 99));
        assertThat(r).containsEntry("count", 2L).containsEntry("total", 3L);
        float[] v1 = floats(client.ok("reconstruct", "index_id", "f", "id", 1).get("vector"));
        assertThat(v1).containsExactly(java.util.Arrays.copyOfRange(x.data(), 2 * 4, 3 * 4));
    }

    @Test
    void closeReleasesThePortAndASecondServerCannotTakeIt() {
        int port = server.port();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AnnvilServer.start(
                        ServerConfig.defaults().withPort(port).withDataDir(null)))
                .isInstanceOf(ServerStartException.class)
                .hasMessageContaining(String.valueOf(port));
        client.ok("ping"); // the first server is unharmed
        client.close();
        server.close();
        server = AnnvilServer.start(ServerConfig.defaults().withPort(port).withDataDir(null));
        client = new FaissxTestClient(port);
        client.ok("ping");
    }
}
