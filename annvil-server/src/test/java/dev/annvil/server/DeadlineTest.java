package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per-request deadlines (TIMEOUT) and background training (train_index with background=true). */
class DeadlineTest {

    private static AnnvilServer start(long requestTimeoutMs, long trainTimeoutMs) {
        return AnnvilServer.start(ServerConfig.defaults()
                .withPort(0)
                .withDataDir(null)
                .withWorkerThreads(2)
                .withRequestTimeoutMs(requestTimeoutMs)
                .withTrainTimeoutMs(trainTimeoutMs));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitTraining(FaissxTestClient client, String id) throws InterruptedException {
        long end = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Map<String, Object> st = client.ok("get_index_status", "index_id", id);
            if (!"training".equals(st.get("training_status")) || System.nanoTime() > end) {
                return st;
            }
            assertThat((Map<String, Object>) st.get("status")).containsEntry("is_ready_for_use", false);
            Thread.sleep(20);
        }
    }

    @Test
    void searchPastTheDeadlineGetsTimeoutAndTheServerGoesOn() {
        try (AnnvilServer server = start(1, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 32;
            client.ok("create_index", "index_id", "big", "dimension", d, "index_type", "L2");
            for (int b = 0; b < 4; b++) {
                client.ok("add_vectors", "index_id", "big", "vectors", rows(random(b, 5000, d)));
            }
            Map<String, Object> r =
                    client.call("search", "index_id", "big", "query_vectors", rows(random(99, 500, d)), "k", 10);
            FaissxTestClient.assertFailure(r, "Search operation timed out", "TIMEOUT");
            // the worker was released, and the read lock is given back when the search ends: an add
            // (which waits at most the 1 ms deadline for the lock) goes through once it has
            assertThat(client.ok("ping").get("success")).isEqualTo(true);
            long end = System.nanoTime() + 60_000_000_000L;
            Map<String, Object> add;
            do {
                add = client.call("add_vectors", "index_id", "big", "vectors", rows(random(7, 10, d)));
            } while (!Boolean.TRUE.equals(add.get("success")) && System.nanoTime() < end);
            assertThat(add).containsEntry("success", true);
            assertThat(client.ntotal("big")).isEqualTo(20_010);
        }
    }

    @Test
    void backgroundTrainingReportsProgressThenSearchWorks() throws InterruptedException {
        try (AnnvilServer server =
                        start(ServerConfig.DEFAULT_REQUEST_TIMEOUT_MS, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 8;
            client.ok("create_index", "index_id", "ivf", "dimension", d, "index_type", "IVF16");
            Map<String, Object> started = client.ok(
                    "train_index", "index_id", "ivf", "training_vectors", rows(random(1, 2000, d)), "background", true);
            assertThat(started).containsEntry("status", "training").containsEntry("index_id", "ivf");
            Map<String, Object> st = awaitTraining(client, "ivf");
            assertThat(st).containsEntry("training_status", "done").containsEntry("is_trained", true);
            assertThat(st.get("training_progress")).isEqualTo(1.0);
            assertThat(st.get("training_error")).isNull();
            client.ok("add_vectors", "index_id", "ivf", "vectors", rows(random(2, 100, d)));
            Map<String, Object> s =
                    client.ok("search", "index_id", "ivf", "query_vectors", rows(random(3, 5, d)), "k", 5);
            assertThat(s.get("results")).isNotNull();
        }
    }

    @Test
    void trainingCancelledByItsTimeLimitLeavesTheIndexUntrainedAndUsable() throws InterruptedException {
        try (AnnvilServer server = start(ServerConfig.DEFAULT_REQUEST_TIMEOUT_MS, 1);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 16;
            client.ok("create_index", "index_id", "ivf", "dimension", d, "index_type", "IVF64");
            var training = rows(random(5, 10_000, d));
            client.ok("train_index", "index_id", "ivf", "training_vectors", training, "background", true);
            Map<String, Object> st = awaitTraining(client, "ivf");
            assertThat(st).containsEntry("training_status", "failed").containsEntry("is_trained", false);
            assertThat((String) st.get("training_error")).contains("time limit");
            FaissxTestClient.assertFailure(
                    client.call("add_vectors", "index_id", "ivf", "vectors", rows(random(6, 10, d))),
                    "Index is not ready: Index requires training before use",
                    "NOT_TRAINED");
            // synchronous training has the request deadline (30 s), not the training limit
            Map<String, Object> t = client.ok("train_index", "index_id", "ivf", "training_vectors", training);
            assertThat(t).containsEntry("is_trained", true);
            client.ok("add_vectors", "index_id", "ivf", "vectors", rows(random(6, 100, d)));
        }
    }

    @Test
    void hnswAddPastTheDeadlineKeepsAConsistentPrefix() {
        try (AnnvilServer server = start(1, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 8;
            int n = 3 * 4096;
            client.ok("create_index", "index_id", "h", "dimension", d, "index_type", "HNSW16");
            Map<String, Object> r = client.call("add_vectors", "index_id", "h", "vectors", rows(random(8, n, d)));
            assertThat(r).containsEntry("success", false).containsEntry("error_code", "TIMEOUT");
            assertThat((String) r.get("error")).startsWith("Operation timed out");
            // whole insertion rounds (4096 vectors each) were kept; the index takes further adds
            Map<String, Object> st = client.ok("get_index_status", "index_id", "h");
            @SuppressWarnings("unchecked")
            long stored = ((Number) ((Map<String, Object>) st.get("status")).get("ntotal")).longValue();
            assertThat(stored % 4096).isZero();
            assertThat(stored).isLessThan(n);
            client.ok("add_vectors", "index_id", "h", "vectors", rows(random(9, 10, d)));
        }
    }

    @Test
    void addWithIdsPastTheDeadlineKeepsAPrefixWithItsIds() {
        try (AnnvilServer server = start(1, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 8;
            int n = 3 * 4096;
            client.ok("create_index", "index_id", "h", "dimension", d, "index_type", "IDMap2:HNSW16");
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add(5_000_000L + 3L * i);
            }
            FloatMatrix x = random(8, n, d);
            Map<String, Object> r = client.call("add_with_ids", "index_id", "h", "vectors", rows(x), "ids", ids);
            assertThat(r).containsEntry("success", false).containsEntry("error_code", "TIMEOUT");
            assertThat((String) r.get("error")).startsWith("Operation timed out (add_with_ids cancelled after ");
            long stored = client.ntotal("h");
            assertThat(stored % 4096).isZero();
            assertThat(stored).isLessThan(n);
            if (stored > 0) {
                // the last kept vector is stored under its own id, the first dropped one is not there
                int last = (int) stored - 1;
                Map<String, Object> v = client.ok("reconstruct", "index_id", "h", "id", ids.get(last));
                assertThat(FaissxTestClient.floats(v.get("vector")))
                        .containsExactly(java.util.Arrays.copyOfRange(x.data(), last * d, last * d + d));
            }
            assertThat(client.call("reconstruct", "index_id", "h", "id", ids.get((int) stored)))
                    .containsEntry("success", false);
        }
    }

    @Test
    void aRequestWaitingBehindALongOperationGetsTimeoutAndChangesNothing() {
        try (AnnvilServer server = start(200, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient searcher = new FaissxTestClient(server.port());
                FaissxTestClient writer = new FaissxTestClient(server.port())) {
            int d = 64;
            searcher.ok("create_index", "index_id", "big", "dimension", d, "index_type", "L2");
            for (int b = 0; b < 10; b++) {
                searcher.ok("add_vectors", "index_id", "big", "vectors", rows(random(b, 5000, d)));
            }
            // 20,000 queries x 50,000 vectors (64 GFLOP, seconds here): far longer than the 200 ms
            // deadline; the search is answered TIMEOUT at the deadline but runs on, holding the
            // index's read lock, so an add sent after that answer waits behind it
            Map<String, Object> search =
                    searcher.call("search", "index_id", "big", "query_vectors", rows(random(99, 20_000, d)), "k", 10);
            FaissxTestClient.assertFailure(search, "Search operation timed out", "TIMEOUT");
            Map<String, Object> add = writer.call("add_vectors", "index_id", "big", "vectors", rows(random(7, 10, d)));
            assertThat(add).containsEntry("success", false).containsEntry("error_code", "TIMEOUT");
            assertThat((String) add.get("error"))
                    .startsWith("Operation timed out waiting for index big: another operation on it has run for");
            // once the search has ended, the index takes adds again; the timed-out add added nothing
            long end = System.nanoTime() + 60_000_000_000L;
            Map<String, Object> retry;
            do {
                retry = writer.call("add_vectors", "index_id", "big", "vectors", rows(random(7, 10, d)));
            } while (!Boolean.TRUE.equals(retry.get("success")) && System.nanoTime() < end);
            assertThat(retry).containsEntry("success", true);
            assertThat(writer.ntotal("big")).isEqualTo(50_010);
        }
    }

    @Test
    void mergePastTheDeadlineIntoHnswKeepsWholeRoundsAndSaysSo() {
        try (AnnvilServer server = start(1, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 8;
            int n = 3 * 4096;
            client.ok("create_index", "index_id", "src", "dimension", d, "index_type", "L2");
            client.ok("add_vectors", "index_id", "src", "vectors", rows(random(3, n, d)));
            client.ok("create_index", "index_id", "dst", "dimension", d, "index_type", "HNSW16");
            Map<String, Object> r =
                    client.call("merge_indices", "target_index_id", "dst", "source_index_ids", List.of("src"));
            assertThat(r).containsEntry("success", false).containsEntry("error_code", "TIMEOUT");
            long kept = client.ntotal("dst");
            assertThat((String) r.get("error"))
                    .isEqualTo("Operation timed out (merge_indices cancelled after " + kept + " of " + n
                            + " vectors were added)");
            assertThat(kept % 4096).isZero();
            assertThat(kept).isLessThan(n);
            assertThat(client.ntotal("src")).isEqualTo(n);
        }
    }

    @Test
    void reclusterPastTheDeadlineLeavesTheIndexUnchanged() throws InterruptedException {
        try (AnnvilServer server = start(1, ServerConfig.DEFAULT_TRAIN_TIMEOUT_MS);
                FaissxTestClient client = new FaissxTestClient(server.port())) {
            int d = 16;
            client.ok("create_index", "index_id", "ivf", "dimension", d, "index_type", "IVF16");
            client.ok(
                    "train_index", "index_id", "ivf", "training_vectors", rows(random(1, 4000, d)), "background", true);
            assertThat(awaitTraining(client, "ivf")).containsEntry("training_status", "done");
            for (int b = 0; b < 20; b++) { // batches below one add block: only the final report, never cancelled
                client.ok("add_vectors", "index_id", "ivf", "vectors", rows(random(10 + b, 500, d)));
            }
            Map<String, Object> r = client.call("recluster_index", "index_id", "ivf", "n_clusters", 64);
            FaissxTestClient.assertFailure(
                    r, "Operation timed out (recluster_index cancelled; the index is unchanged)", "TIMEOUT");
            assertThat(client.ok("get_index_stats", "index_id", "ivf"))
                    .containsEntry("nlist", 16L)
                    .containsEntry("ntotal", 10_000L);
        }
    }
}
