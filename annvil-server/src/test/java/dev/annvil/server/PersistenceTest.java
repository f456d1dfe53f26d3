package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.floats;
import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots in the data directory survive a restart (faissx-protocol.md §11, §16 items 55-56). */
class PersistenceTest {
    @TempDir
    Path dataDir;

    private void withServer(Consumer<FaissxTestClient> body) {
        try (AnnvilServer server = AnnvilServer.start(
                        ServerConfig.defaults().withPort(0).withDataDir(dataDir).withWorkerThreads(2));
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            body.accept(client);
        }
    }

    @Test
    void indexesSurviveARestart() {
        FloatMatrix x = random(11, 2, 4);
        withServer(c -> {
            c.ok("create_index", "index_id", "persisted_index", "dimension", 4, "index_type", "L2");
            c.ok("add_vectors", "index_id", "persisted_index", "vectors", rows(x));
            c.ok("create_index", "index_id", "p.flat", "dimension", 3, "index_type", "IP");
            c.ok("create_index", "index_id", "p.other", "dimension", 5, "index_type", "L2");
            c.ok("create_index", "index_id", "weird/id with spaces", "dimension", 2, "index_type", "L2");
            c.ok("create_index", "index_id", "doomed", "dimension", 2, "index_type", "L2");
            c.ok("delete_index", "index_id", "doomed");
        });
        withServer(c -> {
            List<?> list = (List<?>) c.ok("list_indices").get("indexes");
            assertThat(list)
                    .extracting(e -> FaissxTestClient.map(e).get("index_id"))
                    .containsExactly("persisted_index", "p.flat", "p.other", "weird/id with spaces");
            assertThat(FaissxTestClient.map(list.get(0))).containsEntry("vector_count", 2L);
            FloatMatrix q = new FloatMatrix(1, 4, Arrays.copyOfRange(x.data(), 4, 8));
            Map<String, Object> s = c.ok("search", "index_id", "persisted_index", "query_vectors", rows(q), "k", 1);
            assertThat(longs(result(s, 0).get("indices"))).containsExactly(1);
            assertThat(c.ok("get_index_stats", "index_id", "p.flat"))
                    .containsEntry("dimension", 3L)
                    .containsEntry("index_type", "IP");
            // the index keeps growing after the restart
            c.ok("add_vectors", "index_id", "persisted_index", "vectors", rows(random(12, 3, 4)));
        });
        withServer(c -> assertThat(c.ntotal("persisted_index")).isEqualTo(5));
    }

    @Test
    void idmapWrapperAndBaseShareStorageAgainAfterARestart() {
        FloatMatrix x = random(13, 6, 4);
        withServer(c -> {
            c.ok("create_index", "index_id", "im", "dimension", 4, "index_type", "IDMap2:L2");
            c.ok("add_with_ids", "index_id", "im", "vectors", rows(x), "ids", List.of(10, 11, 12, 13, 14, 15));
        });
        withServer(c -> {
            assertThat(c.ok("get_index_stats", "index_id", "im"))
                    .containsEntry("ntotal", 6L)
                    .containsEntry("base_index_id", "im_base")
                    .containsEntry("is_idmap2", true);
            assertThat(floats(c.ok("reconstruct", "index_id", "im", "id", 12).get("vector")))
                    .containsExactly(Arrays.copyOfRange(x.data(), 8, 12));
            c.ok("add_with_ids", "index_id", "im", "vectors", rows(random(14, 1, 4)), "ids", List.of(99));
            assertThat(c.ntotal("im_base")).isEqualTo(7); // shared again
            c.ok("remove_ids", "index_id", "im", "ids", List.of(10));
        });
        withServer(c -> {
            assertThat(c.ntotal("im")).isEqualTo(6);
            assertThat(c.ntotal("im_base")).isEqualTo(6);
        });
    }

    @Test
    void unreadableFilesAreSkipped() throws Exception {
        withServer(c -> c.ok("create_index", "index_id", "good", "dimension", 2, "index_type", "L2"));
        Files.write(dataDir.resolve("broken.faiss"), new byte[] {1, 2, 3});
        Files.writeString(dataDir.resolve("good.json"), "{not json"); // id then comes from the file name
        withServer(c -> assertThat((List<?>) c.ok("list_indexes").get("indexes"))
                .extracting(e -> FaissxTestClient.map(e).get("index_id"))
                .containsExactly("good"));
    }

    @Test
    void deleteRemovesTheFiles() throws Exception {
        withServer(c -> {
            c.ok("create_index", "index_id", "tmp", "dimension", 2, "index_type", "L2");
            assertThat(dataDir.resolve("tmp.faiss")).exists();
            assertThat(dataDir.resolve("tmp.json")).exists();
            c.ok("delete_index", "index_id", "tmp");
        });
        try (var files = Files.list(dataDir)) {
            assertThat(files).isEmpty();
        }
    }
}
