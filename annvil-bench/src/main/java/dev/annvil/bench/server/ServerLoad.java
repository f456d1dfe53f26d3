package dev.annvil.bench.server;

import dev.annvil.bench.data.Synthetic;
import dev.annvil.protocol.FloatMatrix;
import dev.annvil.server.AnnvilServer;
import dev.annvil.server.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.zeromq.ZContext;

/**
 * {@code annvil bench server}: drives a FAISSx server over loopback from N concurrent clients (one
 * REQ socket and thread each) and measures, per client count: add throughput of 100,000 x 128
 * vectors into a fresh flat index (requests of 100 and of 1,000 vectors, encoded as the FAISSx client
 * encodes them; 3 repetitions into fresh indexes), single-query search
 * requests/s, batch search (1,000 queries per request), and single-query search over 50 indexes
 * at random. Every case is bounded in time ({@code --duration} seconds after a short warm-up).
 * Without {@code --server} an in-memory server is started in-process on a free loopback port.
 */
public final class ServerLoad {
    private ServerLoad() {}

    /** The measured cases and where the server was. */
    public record Outcome(List<LoadResult> results, String endpoint, boolean inProcess) {}

    /** A request a client repeats; returns the number of items (vectors, queries) it carried. */
    interface Request {
        long send(FaissxClient c, SplittableRandom rnd) throws IOException;
    }

    /** Runs every case; progress lines ("#") go to log. */
    public static Outcome run(ServerLoadOptions o, PrintStream log) throws IOException, InterruptedException {
        AnnvilServer server = null;
        String endpoint = o.server;
        if (endpoint == null) {
            server = AnnvilServer.start(ServerConfig.defaults()
                    .withBindAddress("127.0.0.1")
                    .withPort(0)
                    .withDataDir(null));
            endpoint = "tcp://127.0.0.1:" + server.port();
            log.println("# started an in-memory Annvil server on " + endpoint + " ("
                    + server.config().workerThreads() + " worker threads)");
        }
        checkLoopback(endpoint);
        try (ZContext ctx = new ZContext()) {
            return new Outcome(cases(o, ctx, endpoint, log), endpoint, server != null);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static List<LoadResult> cases(ServerLoadOptions o, ZContext ctx, String endpoint, PrintStream log)
            throws IOException, InterruptedException {
        float[][] bq = Synthetic.generate(Synthetic.DEFAULT_SEED, o.n, 1_000, o.d);
        FloatMatrix data = new FloatMatrix(o.n, o.d, bq[0]);
        FloatMatrix queries = new FloatMatrix(1_000, o.d, bq[1]);
        String run = Long.toString(System.nanoTime() % 1_000_000);
        List<LoadResult> results = new ArrayList<>();
        try (FaissxClient admin = new FaissxClient(ctx, endpoint)) {
            admin.ok("ping");
            FloatMatrix addSet = new FloatMatrix(
                    o.addVectors, o.d, Synthetic.generate(Synthetic.DEFAULT_SEED + 1, o.addVectors, 1, o.d)[0]);
            for (int batch : new int[] {100, 1_000}) {
                for (int clients : o.clients) {
                    results.add(add(ctx, endpoint, admin, addSet, batch, clients, run, log));
                }
            }
            String flat = "bench-flat-" + run;
            admin.createFlat(flat, data, 1_000);
            int nMulti = Math.min(o.n, o.multiIndexSize);
            List<String> multi = new ArrayList<>();
            for (int i = 0; i < o.indexes; i++) {
                String id = "bench-multi-" + run + "-" + i;
                admin.createFlat(id, FaissxClient.rows(data, 0, nMulti), 1_000);
                multi.add(id);
            }
            log.printf(
                    Locale.ROOT,
                    "# created %s (%d x %d) and %d indexes of %d x %d%n",
                    flat,
                    o.n,
                    o.d,
                    o.indexes,
                    nMulti,
                    o.d);
            int bq1 = Math.min(o.batchQueries, queries.rows());
            for (int clients : o.clients) {
                results.add(timed("search (1 query)", clients, o, ctx, endpoint, log, (c, rnd) -> {
                    int q = rnd.nextInt(queries.rows());
                    check(c.call(
                            "search",
                            "index_id",
                            flat,
                            "query_vectors",
                            FaissxClient.rows(queries, q, q + 1),
                            "k",
                            10));
                    return 1;
                }));
                results.add(timed("search (" + bq1 + " queries)", clients, o, ctx, endpoint, log, (c, rnd) -> {
                    check(c.call(
                            "search", "index_id", flat, "query_vectors", FaissxClient.rows(queries, 0, bq1), "k", 10));
                    return bq1;
                }));
                results.add(timed("search " + o.indexes + " indexes", clients, o, ctx, endpoint, log, (c, rnd) -> {
                    int q = rnd.nextInt(queries.rows());
                    String id = multi.get(rnd.nextInt(multi.size()));
                    check(c.call(
                            "search", "index_id", id, "query_vectors", FaissxClient.rows(queries, q, q + 1), "k", 10));
                    return 1;
                }));
            }
            admin.call("delete_index", "index_id", flat);
            for (String id : multi) {
                admin.call("delete_index", "index_id", id);
            }
        }
        return results;
    }

    /**
     * Add throughput: the add set in requests of `batch` vectors (bodies encoded before the clock
     * starts, so the client's msgpack encoding is not timed), shared out among the clients; 3 fresh
     * indexes, median.
     */
    private static LoadResult add(
            ZContext ctx,
            String endpoint,
            FaissxClient admin,
            FloatMatrix data,
            int batch,
            int clients,
            String run,
            PrintStream log)
            throws IOException, InterruptedException {
        int requests = (data.rows() + batch - 1) / batch;
        double[] vps = new double[3];
        double[] secs = new double[3];
        List<Double> lat = new ArrayList<>();
        Errors errors = new Errors();
        for (int rep = 0; rep < vps.length; rep++) {
            String id = "bench-add-" + run + "-" + batch + "-" + clients + "-" + rep;
            admin.ok("create_index", "index_id", id, "dimension", data.width(), "index_type", "L2");
            byte[][] bodies = new byte[requests][];
            for (int r = 0; r < requests; r++) {
                int from = r * batch;
                bodies[r] = FaissxClient.request(
                        "add_vectors",
                        "index_id",
                        id,
                        "vectors",
                        FaissxClient.rows(data, from, Math.min(data.rows(), from + batch)));
            }
            AtomicInteger next = new AtomicInteger();
            List<List<Double>> perClient = new ArrayList<>();
            CyclicBarrier start = new CyclicBarrier(clients + 1);
            CountDownLatch done = new CountDownLatch(clients);
            for (int c = 0; c < clients; c++) {
                List<Double> mine = new ArrayList<>();
                perClient.add(mine);
                Thread.ofPlatform().daemon().start(() -> {
                    try (FaissxClient client = new FaissxClient(ctx, endpoint)) {
                        start.await();
                        for (int r; (r = next.getAndIncrement()) < requests; ) {
                            long t0 = System.nanoTime();
                            try {
                                check(client.send("add_vectors", bodies[r]));
                                mine.add((System.nanoTime() - t0) / 1e6);
                            } catch (IOException e) {
                                errors.add(e);
                            }
                        }
                    } catch (Exception e) {
                        errors.add(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            awaitQuietly(start);
            long t0 = System.nanoTime();
            done.await();
            secs[rep] = (System.nanoTime() - t0) / 1e9;
            vps[rep] = data.rows() / secs[rep];
            perClient.forEach(lat::addAll);
            admin.call("delete_index", "index_id", id);
        }
        double[] sorted = secs.clone();
        java.util.Arrays.sort(sorted);
        LoadResult r = new LoadResult(
                "add (" + batch + " vectors per request)",
                clients,
                sorted[1],
                (long) requests,
                data.rows(),
                errors.count(),
                toArray(lat),
                vps);
        log.printf(
                Locale.ROOT,
                "# add, %d vectors per request, %d clients: %.0f vectors/s (median of 3)%s%n",
                batch,
                clients,
                r.itemsPerSecond(),
                errors.describe());
        return r;
    }

    /** Failed requests of one case: how many, and the first failure's text (for the log). */
    private static final class Errors {
        private final AtomicLong count = new AtomicLong();
        private volatile String first;

        void add(Exception e) {
            if (count.getAndIncrement() == 0) {
                first = e.toString();
            }
        }

        long count() {
            return count.get();
        }

        /** "" without errors, else "; N errors, the first: ...". */
        String describe() {
            return count.get() == 0 ? "" : "; " + count.get() + " errors, the first: " + first;
        }
    }

    /** Runs request on `clients` threads: warm-up, then `duration` seconds timed. */
    private static LoadResult timed(
            String name,
            int clients,
            ServerLoadOptions o,
            ZContext ctx,
            String endpoint,
            PrintStream log,
            Request request)
            throws InterruptedException {
        long warmupNanos = (long) (Math.min(1.0, o.durationSeconds / 5) * 1e9);
        long durationNanos = (long) (o.durationSeconds * 1e9);
        CyclicBarrier start = new CyclicBarrier(clients + 1);
        CountDownLatch done = new CountDownLatch(clients);
        AtomicLong requests = new AtomicLong();
        AtomicLong items = new AtomicLong();
        Errors errors = new Errors();
        AtomicLong warmupErrors = new AtomicLong();
        List<List<Double>> perClient = new ArrayList<>();
        long[] startAt = new long[1]; // written and read by this thread only
        for (int c = 0; c < clients; c++) {
            List<Double> mine = new ArrayList<>();
            perClient.add(mine);
            long seed = 31L * c + clients;
            Thread.ofPlatform().daemon().start(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                try (FaissxClient client = new FaissxClient(ctx, endpoint)) {
                    long warmEnd = System.nanoTime() + warmupNanos;
                    while (System.nanoTime() < warmEnd) {
                        try {
                            request.send(client, rnd);
                        } catch (IOException e) {
                            warmupErrors.incrementAndGet();
                        }
                    }
                    start.await();
                    long end = System.nanoTime() + durationNanos;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            items.addAndGet(request.send(client, rnd));
                            mine.add((System.nanoTime() - t0) / 1e6);
                            requests.incrementAndGet();
                        } catch (IOException e) {
                            errors.add(e);
                        }
                    }
                } catch (Exception e) {
                    errors.add(e);
                } finally {
                    done.countDown();
                }
            });
        }
        awaitQuietly(start);
        startAt[0] = System.nanoTime();
        done.await();
        double seconds = (System.nanoTime() - startAt[0]) / 1e9;
        List<Double> lat = new ArrayList<>();
        perClient.forEach(lat::addAll);
        LoadResult r = new LoadResult(
                name, clients, seconds, requests.get(), items.get(), errors.count(), toArray(lat), new double[] {
                    items.get() / seconds
                });
        log.printf(
                Locale.ROOT,
                "# %s, %d clients: %.0f requests/s, p50 %.3f ms, p99 %.3f ms%s%n",
                name,
                clients,
                r.requestsPerSecond(),
                r.latencyMs(50),
                r.latencyMs(99),
                errors.describe());
        return r;
    }

    private static void check(Map<String, Object> reply) throws IOException {
        if (!Boolean.TRUE.equals(reply.get("success"))) {
            throw new IOException("search failed: " + reply.get("error"));
        }
    }

    /** Rejects any endpoint that is not on this machine's loopback. */
    static void checkLoopback(String endpoint) {
        URI u = URI.create(endpoint);
        String host = u.getHost();
        if (!"tcp".equals(u.getScheme()) || host == null || u.getPort() < 1) {
            throw new IllegalArgumentException("--server must look like tcp://127.0.0.1:45678, got " + endpoint);
        }
        String h = host.replace("[", "").replace("]", "");
        if (!(h.equals("localhost") || h.equals("::1") || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}"))) {
            throw new IllegalArgumentException(
                    "--server must be a loopback address (127.0.0.0/8, localhost, ::1): " + endpoint);
        }
    }

    private static void awaitQuietly(CyclicBarrier b) throws InterruptedException {
        try {
            b.await();
        } catch (java.util.concurrent.BrokenBarrierException e) {
            throw new IllegalStateException("a client failed before the start", e);
        }
    }

    private static double[] toArray(List<Double> l) {
        double[] a = new double[l.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = l.get(i);
        }
        return a;
    }

    /** Where the report goes by default. */
    static Path defaultOut() {
        return Path.of(
                "bench-results",
                "server-"
                        + java.time.LocalDateTime.now()
                                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmmss")));
    }
}
