package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The binary vector batch extension (docs/faissx-extensions.md): {@code {"dtype": "float32",
 * "shape": [n, d], "data": <bin>}} wherever a request carries vectors, with the same results as the
 * list form.
 */
class BinaryPayloadTest {
    private static final int D = 16;
    private static AnnvilServer server;
    private static FaissxTestClient client;

    @BeforeAll
    static void start() {
        server = AnnvilServer.start(ServerConfig.defaults()
                .withPort(0)
                .withDataDir(null)
                .withWorkerThreads(2)
                .withLimits(new Limits(100, 10_000, 10_000, 100, 1_000_000)));
        client = new FaissxTestClient(server.port());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    /** {"action": action, "index_id": id, field: <binary batch of m>, extra...}. */
    private static byte[] request(String action, String id, String field, FloatMatrix m, int dropBytes, Object... extra)
            throws IOException {
        ByteBuffer b = ByteBuffer.allocate(m.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(m.data());
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(3 + extra.length / 2);
            p.packString("action").packString(action);
            p.packString("index_id").packString(id);
            p.packString(field).packMapHeader(3);
            p.packString("dtype").packString("float32");
            p.packString("shape").packArrayHeader(2).packInt(m.rows()).packInt(m.width());
            p.packString("data")
                    .packBinaryHeader(b.capacity() - dropBytes)
                    .writePayload(b.array(), 0, b.capacity() - dropBytes);
            for (int i = 0; i < extra.length; i += 2) {
                p.packString((String) extra[i]).packInt((Integer) extra[i + 1]);
            }
            return p.toByteArray();
        }
    }

    @Test
    void binaryAndListBatchesGiveTheSameResults() throws Exception {
        FloatMatrix data = random(11, 60, D);
        FloatMatrix queries = random(12, 5, D);
        client.ok("create_index", "index_id", "bin", "dimension", D, "index_type", "L2");
        client.ok("create_index", "index_id", "list", "dimension", D, "index_type", "L2");
        assertThat(client.raw(request("add_vectors", "bin", "vectors", data, 0)))
                .containsEntry("success", true)
                .containsEntry("count", 60L);
        client.ok("add_vectors", "index_id", "list", "vectors", rows(data));
        Map<String, Object> viaBin = client.raw(request("search", "bin", "query_vectors", queries, 0, "k", 7));
        Map<String, Object> viaList = client.ok("search", "index_id", "list", "query_vectors", rows(queries), "k", 7);
        assertThat(viaBin).containsEntry("success", true);
        assertThat(viaBin.get("results")).isEqualTo(viaList.get("results"));
        assertThat((List<?>) viaBin.get("results")).hasSize(5);
        // the stored vectors are bit-identical
        Map<String, Object> r = client.ok("reconstruct_n", "index_id", "bin", "start_idx", 0, "num_vectors", 60);
        assertThat(r.get("vectors"))
                .isEqualTo(client.ok("reconstruct_n", "index_id", "list", "start_idx", 0, "num_vectors", 60)
                        .get("vectors"));
    }

    @Test
    void badBinaryBatchesAndLimits() throws Exception {
        client.ok("create_index", "index_id", "b2", "dimension", D, "index_type", "L2");
        FaissxTestClient.assertFailure(
                client.raw(request("add_vectors", "b2", "vectors", random(1, 2, D), 4)),
                "vectors: data has 124 bytes, but shape [2, 16] of float32 needs 128",
                "INVALID_ARGUMENT");
        FaissxTestClient.assertFailure(
                client.raw(request("add_vectors", "b2", "vectors", random(1, 101, D), 0)),
                "vectors has 101 rows; the limit is 100 vectors per request (--max-vectors-per-request)",
                "LIMIT_EXCEEDED");
        FaissxTestClient.assertFailure(
                client.raw(request("add_vectors", "b2", "vectors", random(1, 2, D + 1), 0)),
                "Vector dimension mismatch: expected 16, got 17",
                "INVALID_ARGUMENT");
        assertThat(client.ntotal("b2")).isZero();
    }
}
