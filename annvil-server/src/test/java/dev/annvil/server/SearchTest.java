package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.floats;
import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.protocol.FloatMatrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** k-NN and range search over the wire, checked against a brute-force computation in the test. */
class SearchTest {
    private static final int D = 16;
    private static final int N = 300;
    private static final long SEED = 20260501L;

    private static AnnvilServer server;
    private static FaissxTestClient client;
    private static FloatMatrix data;

    @BeforeAll
    static void start() {
        server = AnnvilServer.start(
                ServerConfig.defaults().withPort(0).withDataDir(null).withWorkerThreads(4));
        client = new FaissxTestClient(server.port());
        data = random(SEED, N, D);
        client.ok("create_index", "index_id", "l2", "dimension", D, "index_type", "L2");
        client.ok("add_vectors", "index_id", "l2", "vectors", rows(data));
        client.ok("create_index", "index_id", "ip", "dimension", D, "index_type", "IP");
        client.ok("add_vectors", "index_id", "ip", "vectors", rows(data));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static double l2(float[] q, int qi, int i) {
        double s = 0;
        for (int j = 0; j < D; j++) {
            double diff = q[qi * D + j] - data.data()[i * D + j];
            s += diff * diff;
        }
        return s;
    }

    private static double ip(float[] q, int qi, int i) {
        double s = 0;
        for (int j = 0; j < D; j++) {
            s += (double) q[qi * D + j] * data.data()[i * D + j];
        }
        return s;
    }

    /** Positions sorted by brute-force distance (ascending for L2, descending for IP). */
    private static List<Integer> bruteForce(float[] q, int qi, boolean innerProduct) {
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            all.add(i);
        }
        Comparator<Integer> cmp = innerProduct
                ? Comparator.comparingDouble((Integer i) -> -ip(q, qi, i))
                : Comparator.comparingDouble((Integer i) -> l2(q, qi, i));
        all.sort(cmp);
        return all;
    }

    static void checkSearch(FaissxTestClient c, String index, boolean innerProduct, long querySeed) {
        FloatMatrix q = random(querySeed, 7, D);
        int k = 10;
        Map<String, Object> r = c.ok("search", "index_id", index, "query_vectors", rows(q), "k", k);
        assertThat(r).containsEntry("num_queries", 7L).containsEntry("k", 10L);
        List<?> results = (List<?>) r.get("results");
        assertThat(results).hasSize(7);
        for (int i = 0; i < 7; i++) {
            Map<String, Object> e = FaissxTestClient.map(results.get(i));
            long[] ids = longs(e.get("indices"));
            float[] dist = floats(e.get("distances"));
            List<Integer> expected = bruteForce(q.data(), i, innerProduct).subList(0, k);
            assertThat(ids).as("query %d of seed %d", i, querySeed).hasSize(k);
            for (int j = 0; j < k; j++) {
                double exact = innerProduct ? ip(q.data(), i, (int) ids[j]) : l2(q.data(), i, (int) ids[j]);
                assertThat((double) dist[j]).isCloseTo(exact, within(1e-4));
                double expectedDist =
                        innerProduct ? ip(q.data(), i, expected.get(j)) : l2(q.data(), i, expected.get(j));
                assertThat((double) dist[j]).isCloseTo(expectedDist, within(1e-4));
            }
        }
    }

    @Test
    void flatL2MatchesBruteForce() {
        checkSearch(client, "l2", false, 1);
    }

    @Test
    void innerProductMatchesBruteForceDescending() {
        checkSearch(client, "ip", true, 2);
    }

    @Test
    void searchingAStoredVectorFindsItselfAtDistanceZero() {
        FloatMatrix q = new FloatMatrix(1, D, java.util.Arrays.copyOfRange(data.data(), 42 * D, 43 * D));
        Map<?, ?> e = (Map<?, ?>) ((List<?>) client.ok("search", "index_id", "l2", "query_vectors", rows(q), "k", 3)
                        .get("results"))
                .get(0);
        assertThat(longs(e.get("indices"))[0]).isEqualTo(42);
        assertThat(floats(e.get("distances"))[0]).isLessThan(1e-3f);
    }

    @Test
    void kLargerThanNtotalIsPaddedWithMinusOneAndFltMax() {
        client.ok("create_index", "index_id", "small", "dimension", 2, "index_type", "L2");
        client.ok("add_vectors", "index_id", "small", "vectors", List.of(List.of(0, 0), List.of(1, 1)));
        Map<?, ?> e = (Map<?, ?>) ((List<?>)
                        client.ok("search", "index_id", "small", "query_vectors", List.of(List.of(0.0, 0.0)), "k", 4)
                                .get("results"))
                .get(0);
        assertThat(longs(e.get("indices"))).containsExactly(0, 1, -1, -1);
        assertThat(floats(e.get("distances"))).containsExactly(0f, 2f, Float.MAX_VALUE, Float.MAX_VALUE);
        // params are accepted and ignored for flat indexes
        client.ok(
                "search",
                "index_id",
                "small",
                "query_vectors",
                List.of(List.of(0.0, 0.0)),
                "k",
                1,
                "params",
                Map.of("nprobe", 4));
    }

    @Test
    void rangeSearchSendsTheSupersetShape() {
        FloatMatrix q = random(3, 3, D);
        float radius = 1.5f;
        Map<String, Object> r =
                client.ok("range_search", "index_id", "l2", "query_vectors", rows(q), "radius", (double) radius);
        assertThat(r).containsEntry("num_queries", 3L).containsKeys("radius", "lims", "distances", "indices");
        List<?> results = (List<?>) r.get("results");
        long[] lims = longs(r.get("lims"));
        long[] allIds = longs(r.get("indices"));
        assertThat(lims).hasSize(4);
        assertThat(lims[0]).isZero();
        for (int i = 0; i < 3; i++) {
            Map<String, Object> e = FaissxTestClient.map(results.get(i));
            assertThat(e).containsEntry("query_index", (long) i).doesNotContainKey("lims");
            long[] ids = longs(e.get("indices"));
            List<Long> expected = new ArrayList<>();
            for (int p = 0; p < N; p++) {
                if (l2(q.data(), i, p) < radius) {
                    expected.add((long) p);
                }
            }
            assertThat(ids)
                    .containsExactly(
                            expected.stream().mapToLong(Long::longValue).toArray()); // storage order
            assertThat(e).containsEntry("num_results", (long) ids.length).containsEntry("count", (long) ids.length);
            assertThat(lims[i + 1] - lims[i]).isEqualTo(ids.length);
            assertThat(java.util.Arrays.copyOfRange(allIds, (int) lims[i], (int) lims[i + 1]))
                    .containsExactly(ids);
        }
        assertThat(lims[3]).as("some hits with this radius").isPositive();
    }

    @Test
    void eightConcurrentClientsAllGetCorrectAnswers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = 100 + t;
                boolean innerProduct = t % 2 == 1;
                futures.add(pool.submit(() -> {
                    try (FaissxTestClient c = new FaissxTestClient(server.port())) {
                        for (int round = 0; round < 5; round++) {
                            checkSearch(c, innerProduct ? "ip" : "l2", innerProduct, seed * 31 + round);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
