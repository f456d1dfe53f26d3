package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.MsgpackCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * Sends 10,000 random and mutated msgpack messages to a running server (random bytes, mutated and
 * truncated requests, fields of the wrong type, str32/bin32/array32/map32/ext32 headers claiming up
 * to 2^32-1 elements, deep nesting) plus frames beyond the ZeroMQ size guard. Every message below
 * the guard gets exactly one well-formed reply, frames beyond it are dropped with their connection,
 * the server stays up, its heap after a GC is within 10% of where it started, and a search still
 * answers correctly.
 */
class FuzzTest {
    private static final int MESSAGES = 10_000;
    private static final int WARM_UP = 500;
    private static final int IN_FLIGHT = 8;
    private static final long MAX_REQUEST = 64 * 1024;
    private static final int D = 8;

    private static final List<String> ACTIONS = List.of(
            "ping",
            "create_index",
            "add_vectors",
            "search",
            "range_search",
            "train_index",
            "reconstruct",
            "reconstruct_n",
            "search_and_reconstruct",
            "delete_index",
            "merge_indices",
            "get_index_stats",
            "list_indexes",
            "add_with_ids",
            "remove_ids",
            "replace_vector",
            "batch_add_with_ids",
            "optimize_index",
            "compute_clustering",
            "hybrid_search",
            "get_index_status",
            "get_index_info",
            "list_indices",
            "reset",
            "clear",
            "set_parameter",
            "get_parameter",
            "get_vectors",
            "apply_transform",
            "get_transform_info",
            "recluster_index",
            "nope");
    private static final List<String> FIELDS = List.of(
            "action",
            "index_id",
            "dimension",
            "index_type",
            "vectors",
            "query_vectors",
            "training_vectors",
            "k",
            "ids",
            "id",
            "idx",
            "start_idx",
            "num_vectors",
            "radius",
            "params",
            "target_index_id",
            "source_index_ids",
            "n_clusters",
            "metadata",
            "api_key",
            "tenant_id",
            "success",
            "error",
            "vector");
    private static final List<String> INDEX_IDS = List.of("fz", "fz2", "", "nope", "IDMap:fz");
    private static final List<String> TYPES =
            List.of("L2", "IP", "Flat", "IDMap:L2", "IDMap2:fz", "IDMap:", "HNSW32", "IVF4", "PQ4x8", "x");

    /** A REQ client that tolerates dropped requests: on a timeout it starts a new socket. */
    private static final class Client implements AutoCloseable {
        private final ZMQ.Context ctx = ZMQ.context(1);
        private final int port;
        private ZMQ.Socket socket;

        Client(int port) {
            this.port = port;
            connect();
        }

        private void connect() {
            for (int attempt = 1; attempt <= 5; attempt++) {
                socket = ctx.socket(SocketType.REQ);
                socket.setLinger(0);
                socket.setSendTimeOut(5000);
                socket.setReceiveTimeOut(1000);
                socket.connect("tcp://127.0.0.1:" + port);
                socket.send(MsgpackCodec.encode(Map.of("action", "ping")));
                if (socket.recv(0) != null) {
                    socket.setReceiveTimeOut(5000);
                    return;
                }
                socket.close();
            }
            throw new AssertionError("server at port " + port + " does not answer ping");
        }

        /** The reply, or null (after reconnecting) if none came within the socket's timeout. */
        byte[] send(byte[] body, int timeoutMs) {
            socket.setReceiveTimeOut(timeoutMs);
            assertThat(socket.send(body)).as("send").isTrue();
            byte[] reply = socket.recv(0);
            if (reply == null) {
                socket.close();
                connect();
                return null;
            }
            assertThat(socket.hasReceiveMore()).as("single-frame reply").isFalse();
            return reply;
        }

        Map<String, Object> call(Object... kv) {
            Map<String, Object> req = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                req.put((String) kv[i], kv[i + 1]);
            }
            return decodeReply(send(MsgpackCodec.encode(req), 5000));
        }

        @Override
        public void close() {
            socket.close();
            ctx.term();
        }
    }

    private static Map<String, Object> decodeReply(byte[] reply) {
        assertThat(reply).as("a reply").isNotNull();
        try {
            Map<String, Object> r = MsgpackCodec.decode(reply, 0, reply.length, Set.of());
            assertThat(r.get("success")).as("success in %s", r).isInstanceOf(Boolean.class);
            if (!(Boolean) r.get("success")) {
                assertThat(r.get("error")).as("error in %s", r).isInstanceOf(String.class);
            }
            return r;
        } catch (Exception e) {
            throw new AssertionError("undecodable reply", e);
        }
    }

    @Test
    void randomAndMutatedMessagesNeverHurtTheServer() throws Exception {
        try (AnnvilServer server = AnnvilServer.start(ServerConfig.defaults()
                        .withPort(0)
                        .withDataDir(null)
                        .withMaxRequestBytes(MAX_REQUEST)
                        .withWorkerThreads(2));
                Client client = new Client(server.port())) {
            FloatMatrix golden = random(42, 50, D);
            assertThat(client.call("action", "create_index", "index_id", "golden", "dimension", D, "index_type", "L2"))
                    .containsEntry("success", true);
            assertThat(client.call("action", "add_vectors", "index_id", "golden", "vectors", rows(golden)))
                    .containsEntry("count", 50L);
            sendAll(server.port(), new Generator(new Random(1)), WARM_UP);
            cleanUp(client);
            long before = heapAfterGc();

            Generator gen = new Generator(new Random(20260101));
            long start = System.nanoTime();
            int failures = sendAll(server.port(), gen, MESSAGES);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // frames beyond the ZeroMQ guard (request limit + 16 MiB) are dropped with the connection
            byte[] huge = new byte[(int) MAX_REQUEST + (17 << 20)];
            for (int i = 0; i < 3; i++) {
                assertThat(client.send(huge, 1000))
                        .as("oversized frame %d dropped", i)
                        .isNull();
            }
            huge = null;
            // a body just above the request limit is answered
            byte[] over = new byte[(int) MAX_REQUEST + 1];
            assertThat(decodeReply(client.send(over, 5000)))
                    .containsEntry(
                            "error",
                            "Request too large: " + over.length + " bytes; the limit is " + MAX_REQUEST
                                    + " bytes (--max-request-bytes)")
                    .containsEntry("error_code", "LIMIT_EXCEEDED");

            cleanUp(client);
            long after = heapAfterGc();
            System.out.printf(
                    "FuzzTest: %d messages in %d ms, %d error replies; heap after GC %.1f MB before, %.1f MB after%n",
                    MESSAGES, millis, failures, before / 1e6, after / 1e6);
            assertThat((double) after).as("heap after GC").isLessThanOrEqualTo(before * 1.10);

            FloatMatrix q = new FloatMatrix(1, D, Arrays.copyOfRange(golden.data(), 7 * D, 8 * D));
            Map<String, Object> r =
                    client.call("action", "search", "index_id", "golden", "query_vectors", rows(q), "k", 3);
            assertThat(r).containsEntry("success", true);
            assertThat(longs(result(r, 0).get("indices"))[0]).isEqualTo(7);
            assertThat(client.call("action", "get_index_stats", "index_id", "golden"))
                    .containsEntry("ntotal", 50L);
        }
    }

    /**
     * Sends n generated messages over {@value #IN_FLIGHT} REQ sockets at once (one outstanding
     * message each, so every reply is matched to its message) and checks every reply.
     *
     * @return the number of failure replies
     */
    private static int sendAll(int port, Generator gen, int n) throws IOException {
        int failures = 0;
        try (ZMQ.Context ctx = ZMQ.context(1)) {
            ZMQ.Socket[] sockets = new ZMQ.Socket[IN_FLIGHT];
            byte[][] pending = new byte[IN_FLIGHT][];
            int[] pendingIndex = new int[IN_FLIGHT];
            ZMQ.Poller poller = ctx.poller(IN_FLIGHT);
            try {
                for (int i = 0; i < IN_FLIGHT; i++) {
                    sockets[i] = ctx.socket(SocketType.REQ);
                    sockets[i].setLinger(0);
                    sockets[i].setSendTimeOut(5000);
                    sockets[i].connect("tcp://127.0.0.1:" + port);
                    poller.register(sockets[i], ZMQ.Poller.POLLIN);
                }
                // handshake every socket first (a fresh JeroMQ connection may lose its first message)
                for (ZMQ.Socket socket : sockets) {
                    socket.setReceiveTimeOut(1000);
                    boolean answered = false;
                    for (int attempt = 0; attempt < 5 && !answered; attempt++) {
                        socket.send(MsgpackCodec.encode(Map.of("action", "ping")));
                        answered = socket.recv(0) != null;
                    }
                    assertThat(answered).as("ping answered").isTrue();
                }
                int sent = 0;
                int received = 0;
                while (received < n) {
                    for (int i = 0; i < IN_FLIGHT && sent < n; i++) {
                        if (pending[i] == null) {
                            pending[i] = gen.next();
                            pendingIndex[i] = sent++;
                            assertThat(sockets[i].send(pending[i])).as("send").isTrue();
                        }
                    }
                    int ready = poller.poll(5000);
                    assertThat(ready).as("a reply within 5 s").isPositive();
                    for (int i = 0; i < IN_FLIGHT; i++) {
                        if (pending[i] != null && poller.pollin(i)) {
                            byte[] reply = sockets[i].recv(ZMQ.DONTWAIT);
                            if (reply == null) {
                                continue;
                            }
                            assertThat(sockets[i].hasReceiveMore())
                                    .as("single-frame reply")
                                    .isFalse();
                            Map<String, Object> r;
                            try {
                                r = decodeReply(reply);
                            } catch (AssertionError e) {
                                throw new AssertionError(
                                        "bad reply to message " + pendingIndex[i] + " (" + pending[i].length
                                                + " bytes, starting " + hex(pending[i]) + ")",
                                        e);
                            }
                            if (!(Boolean) r.get("success")) {
                                failures++;
                            }
                            pending[i] = null;
                            received++;
                        }
                    }
                }
            } finally { // an open socket would block the context's termination
                poller.close();
                for (ZMQ.Socket socket : sockets) {
                    if (socket != null) {
                        socket.close();
                    }
                }
            }
        }
        return failures;
    }

    /** Deletes every index but "golden". */
    private static void cleanUp(Client client) {
        List<?> indexes = (List<?>) client.call("action", "list_indexes").get("indexes");
        for (Object e : indexes) {
            Object id = FaissxTestClient.map(e).get("index_id");
            if (!"golden".equals(id)) {
                client.call("action", "delete_index", "index_id", id);
            }
        }
        assertThat((List<?>) client.call("action", "list_indexes").get("indexes"))
                .hasSize(1);
    }

    private static long heapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b, 0, Math.min(b.length, 24));
    }

    /** Seeded message generator. */
    private static final class Generator {
        private final Random rnd;
        private final List<byte[]> templates = new ArrayList<>();

        Generator(Random rnd) {
            this.rnd = rnd;
            List<List<Double>> vectors = rows(random(3, 4, D));
            templates.add(encode("action", "ping"));
            templates.add(encode("action", "create_index", "index_id", "fz", "dimension", D, "index_type", "L2"));
            templates.add(encode("action", "add_vectors", "index_id", "fz", "vectors", vectors));
            templates.add(encode("action", "search", "index_id", "fz", "query_vectors", vectors, "k", 3));
            templates.add(encode("action", "range_search", "index_id", "fz", "query_vectors", vectors, "radius", 2.0));
            templates.add(
                    encode("action", "add_with_ids", "index_id", "fz", "vectors", vectors, "ids", List.of(1, 2, 3, 4)));
            templates.add(encode("action", "reconstruct_n", "index_id", "fz", "start_idx", 0, "num_vectors", 2));
            templates.add(encode("action", "train_index", "index_id", "fz", "training_vectors", vectors));
            templates.add(
                    encode("action", "merge_indices", "target_index_id", "fz", "source_index_ids", List.of("fz2")));
            templates.add(encode("action", "list_indexes"));
            templates.add(encode("action", "delete_index", "index_id", "fz2"));
        }

        private static byte[] encode(Object... kv) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < kv.length; i += 2) {
                m.put((String) kv[i], kv[i + 1]);
            }
            return MsgpackCodec.encode(m);
        }

        byte[] next() throws IOException {
            return switch (rnd.nextInt(7)) {
                case 0 -> randomBytes(rnd.nextInt(300));
                case 1 -> mutate(templates.get(rnd.nextInt(templates.size())));
                case 2 -> {
                    byte[] t = templates.get(rnd.nextInt(templates.size()));
                    yield Arrays.copyOf(t, rnd.nextInt(t.length));
                }
                case 3 -> wrongTypes();
                case 4 -> hugeHeader();
                case 5 -> deepNesting();
                default -> plausibleRequest();
            };
        }

        private byte[] randomBytes(int n) {
            byte[] b = new byte[n];
            rnd.nextBytes(b);
            return b;
        }

        private byte[] mutate(byte[] template) {
            byte[] b = template.clone();
            int edits = 1 + rnd.nextInt(5);
            for (int e = 0; e < edits && b.length > 0; e++) {
                int at = rnd.nextInt(b.length);
                switch (rnd.nextInt(4)) {
                    case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                    case 1 -> b[at] = (byte) rnd.nextInt(256);
                    case 2 -> {
                        byte[] c = new byte[b.length + 1];
                        System.arraycopy(b, 0, c, 0, at);
                        c[at] = (byte) rnd.nextInt(256);
                        System.arraycopy(b, at, c, at + 1, b.length - at);
                        b = c;
                    }
                    default -> {
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
            }
            return b;
        }

        /** A map of known keys with values of random types. */
        private byte[] wrongTypes() throws IOException {
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                int n = 1 + rnd.nextInt(6);
                p.packMapHeader(n + 1);
                p.packString("action").packString(ACTIONS.get(rnd.nextInt(ACTIONS.size())));
                for (int i = 0; i < n; i++) {
                    p.packString(FIELDS.get(rnd.nextInt(FIELDS.size())));
                    randomValue(p, 0);
                }
                return p.toByteArray();
            }
        }

        private void randomValue(MessageBufferPacker p, int depth) throws IOException {
            switch (rnd.nextInt(depth > 3 ? 9 : 12)) {
                case 0 -> p.packNil();
                case 1 -> p.packBoolean(rnd.nextBoolean());
                case 2 -> p.packLong(rnd.nextLong() >> rnd.nextInt(64));
                case 3 -> p.packBigInteger(new java.math.BigInteger(64, rnd));
                case 4 -> p.packDouble(rnd.nextBoolean() ? rnd.nextGaussian() * 1e6 : Double.NaN);
                case 5 -> p.packFloat(rnd.nextFloat());
                case 6 -> p.packString(INDEX_IDS.get(rnd.nextInt(INDEX_IDS.size())));
                case 7 -> p.packString(TYPES.get(rnd.nextInt(TYPES.size())));
                case 8 -> {
                    byte[] raw = randomBytes(rnd.nextInt(12)); // str with arbitrary (often invalid) UTF-8
                    p.packRawStringHeader(raw.length).writePayload(raw);
                }
                case 9 -> {
                    int n = rnd.nextInt(5);
                    p.packArrayHeader(n);
                    for (int i = 0; i < n; i++) {
                        randomValue(p, depth + 1);
                    }
                }
                case 10 -> {
                    int n = rnd.nextInt(4);
                    p.packMapHeader(n);
                    for (int i = 0; i < n; i++) {
                        p.packString(FIELDS.get(rnd.nextInt(FIELDS.size())));
                        randomValue(p, depth + 1);
                    }
                }
                default -> {
                    if (rnd.nextBoolean()) {
                        byte[] raw = randomBytes(rnd.nextInt(16));
                        p.packBinaryHeader(raw.length).writePayload(raw);
                    } else {
                        p.packExtensionTypeHeader((byte) rnd.nextInt(128), 4).writePayload(randomBytes(4));
                    }
                }
            }
        }

        /** A header claiming 2^31-1 .. 2^32-1 elements or bytes, at the top level or as a field value. */
        private byte[] hugeHeader() throws IOException {
            long[] sizes = {0x7fffffffL, 0x80000000L, 0xffffffffL, 0x10000000L};
            long size = sizes[rnd.nextInt(sizes.length)];
            int[] markers = {0xdb, 0xc6, 0xdd, 0xdf, 0xc9}; // str32, bin32, array32, map32, ext32
            int marker = markers[rnd.nextInt(markers.length)];
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                boolean nested = rnd.nextInt(4) != 0;
                if (nested) {
                    p.packMapHeader(2).packString("action").packString(ACTIONS.get(rnd.nextInt(ACTIONS.size())));
                    p.packString(FIELDS.get(rnd.nextInt(FIELDS.size())));
                    if (rnd.nextBoolean()) { // inside a vector batch: [[<huge>]]
                        p.packArrayHeader(1);
                    }
                }
                byte[] header = {
                    (byte) marker, (byte) (size >>> 24), (byte) (size >>> 16), (byte) (size >>> 8), (byte) size
                };
                p.writePayload(header);
                if (marker == 0xc9) {
                    p.writePayload(new byte[] {1});
                }
                p.writePayload(randomBytes(rnd.nextInt(64)));
                return p.toByteArray();
            }
        }

        /** Arrays or maps nested up to 20,000 levels deep. */
        private byte[] deepNesting() throws IOException {
            int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 100 : 20_000);
            boolean maps = rnd.nextBoolean();
            try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
                p.packMapHeader(2).packString("action").packString(rnd.nextBoolean() ? "add_vectors" : "search");
                p.packString(rnd.nextBoolean() ? "vectors" : "params");
                for (int i = 0; i < depth; i++) {
                    if (maps) {
                        p.packMapHeader(1).packString("k");
                    } else {
                        p.packArrayHeader(1);
                    }
                }
                p.packInt(1);
                return p.toByteArray();
            }
        }

        /** A well-formed request of a random action with plausible fields. */
        private byte[] plausibleRequest() throws IOException {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("action", ACTIONS.get(rnd.nextInt(ACTIONS.size())));
            m.put("index_id", INDEX_IDS.get(rnd.nextInt(INDEX_IDS.size())));
            int d = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(16) : D;
            m.put(rnd.nextBoolean() ? "vectors" : "query_vectors", rows(random(rnd.nextLong(), 1 + rnd.nextInt(5), d)));
            m.put("dimension", rnd.nextInt(3) == 0 ? rnd.nextInt(20_000) - 10 : D);
            m.put("index_type", TYPES.get(rnd.nextInt(TYPES.size())));
            m.put("k", rnd.nextInt(12) - 1);
            if (rnd.nextBoolean()) {
                m.put("ids", List.of(rnd.nextInt(10), rnd.nextInt(10)));
            }
            return MsgpackCodec.encode(m);
        }
    }
}
