package dev.annvil.server;

import static dev.annvil.server.FaissxTestClient.assertFailure;
import static dev.annvil.server.FaissxTestClient.longs;
import static dev.annvil.server.FaissxTestClient.random;
import static dev.annvil.server.FaissxTestClient.result;
import static dev.annvil.server.FaissxTestClient.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.MsgpackCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every bad request gets one error reply (success false, the expected error text and code), the
 * server keeps answering correctly, and the stored data is unchanged (faissx-protocol.md §4.4, §9).
 */
class BadInputTest {
    private static final int D = 4;
    private static final long MAX_REQUEST = 4096;

    private static AnnvilServer server;
    private static FaissxTestClient client;
    private static FloatMatrix data;

    @BeforeAll
    static void start() {
        server = AnnvilServer.start(ServerConfig.defaults()
                .withPort(0)
                .withDataDir(null)
                .withMaxRequestBytes(MAX_REQUEST)
                .withWorkerThreads(2));
        client = new FaissxTestClient(server.port());
        data = random(9, 10, D);
        client.ok("create_index", "index_id", "idx", "dimension", D, "index_type", "L2");
        client.ok("add_vectors", "index_id", "idx", "vectors", rows(data));
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @AfterEach
    void serverStillAnswersAndDataIsUnchanged() {
        assertThat(client.ntotal("idx")).isEqualTo(10);
        FloatMatrix q = new FloatMatrix(1, D, Arrays.copyOfRange(data.data(), 3 * D, 4 * D));
        Map<String, Object> r = client.ok("search", "index_id", "idx", "query_vectors", rows(q), "k", 2);
        assertThat(longs(result(r, 0).get("indices"))[0]).isEqualTo(3);
    }

    private static Map<String, Object> request(Object... keyValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        return m;
    }

    private static byte[] encode(Object... keyValues) {
        return MsgpackCodec.encode(request(keyValues));
    }

    private static Arguments bad(String name, byte[] body, String error, String code) {
        return Arguments.of(name, body, error, code);
    }

    static Stream<Arguments> badRequests() throws Exception {
        List<List<Double>> oneRow = List.of(List.of(1.0, 2.0, 3.0, 4.0));
        Function<Integer, byte[]> bigAdd = rowsCount ->
                encode("action", "add_vectors", "index_id", "idx", "vectors", rows(random(1, rowsCount, D)));
        return Stream.of(
                bad("invalid msgpack", new byte[] {(byte) 0xc1, 1, 2}, "Malformed request", "MALFORMED_REQUEST"),
                bad("text", "hello".getBytes(StandardCharsets.UTF_8), "Malformed request", "MALFORMED_REQUEST"),
                bad("empty body", new byte[0], "Malformed request", "MALFORMED_REQUEST"),
                bad(
                        "non-map body",
                        raw(p -> p.packArrayHeader(1).packString("ping")),
                        "Malformed request",
                        "MALFORMED_REQUEST"),
                bad(
                        "bin key",
                        raw(p -> p.packMapHeader(1)
                                .packBinaryHeader(6)
                                .writePayload("action".getBytes())
                                .packString("ping")),
                        "Malformed request",
                        "MALFORMED_REQUEST"),
                bad(
                        "looks like an error reply",
                        encode("success", false, "error", "x", "action", "ping"),
                        "Malformed request",
                        "MALFORMED_REQUEST"),
                bad("unknown action", encode("action", "nope"), "Unknown action", "UNKNOWN_ACTION"),
                bad("missing action", encode("index_id", "idx"), "Unknown action", "UNKNOWN_ACTION"),
                bad("non-str action", encode("action", 5), "Unknown action", "UNKNOWN_ACTION"),
                bad(
                        "oversized request",
                        bigAdd.apply(200),
                        "Request too large: " + bigAdd.apply(200).length + " bytes; the limit is " + MAX_REQUEST
                                + " bytes (--max-request-bytes)",
                        "LIMIT_EXCEEDED"),
                bad(
                        "k as string",
                        encode("action", "search", "index_id", "idx", "query_vectors", oneRow, "k", "5"),
                        "k must be an integer, got str \"5\"",
                        "INVALID_ARGUMENT"),
                bad(
                        "k = 0",
                        encode("action", "search", "index_id", "idx", "query_vectors", oneRow, "k", 0),
                        "k=0 out of range (1-10000)",
                        "INVALID_ARGUMENT"),
                bad(
                        "k = 10001",
                        encode("action", "search", "index_id", "idx", "query_vectors", oneRow, "k", 10001),
                        "k=10001 out of range (1-10000)",
                        "INVALID_ARGUMENT"),
                bad(
                        "vectors as string",
                        encode("action", "add_vectors", "index_id", "idx", "vectors", "abc"),
                        "vectors must be an array of arrays of numbers, got str \"abc\"",
                        "INVALID_ARGUMENT"),
                bad(
                        "ragged vectors",
                        encode(
                                "action",
                                "add_vectors",
                                "index_id",
                                "idx",
                                "vectors",
                                List.of(List.of(1, 2, 3, 4), List.of(1, 2, 3))),
                        "vectors has ragged rows: row 1 has 3 components but row 0 has 4",
                        "INVALID_ARGUMENT"),
                bad(
                        "non-numeric component",
                        encode("action", "add_vectors", "index_id", "idx", "vectors", List.of(List.of(1, 2, "x", 4))),
                        "vectors[0][2] is not a number: str \"x\"",
                        "INVALID_ARGUMENT"),
                bad(
                        "add dimension mismatch",
                        encode("action", "add_vectors", "index_id", "idx", "vectors", List.of(List.of(1, 2, 3))),
                        "Vector dimension mismatch: expected 4, got 3",
                        "INVALID_ARGUMENT"),
                bad(
                        "add empty list",
                        encode("action", "add_vectors", "index_id", "idx", "vectors", List.of()),
                        "Vector dimension mismatch: expected 4, got 0",
                        "INVALID_ARGUMENT"),
                bad(
                        "search dimension mismatch",
                        encode(
                                "action",
                                "search",
                                "index_id",
                                "idx",
                                "query_vectors",
                                List.of(List.of(1, 2, 3, 4, 5)),
                                "k",
                                1),
                        "Query dimension mismatch: expected 4, got 5",
                        "INVALID_ARGUMENT"),
                bad(
                        "range dimension mismatch",
                        encode(
                                "action",
                                "range_search",
                                "index_id",
                                "idx",
                                "query_vectors",
                                List.of(List.of(1, 2)),
                                "radius",
                                1.0),
                        "Query dimension mismatch: expected 4, got 2",
                        "INVALID_ARGUMENT"),
                bad(
                        "radius as string",
                        encode("action", "range_search", "index_id", "idx", "query_vectors", oneRow, "radius", "far"),
                        "radius must be a number, got str \"far\"",
                        "INVALID_ARGUMENT"),
                bad(
                        "add to unknown index",
                        encode("action", "add_vectors", "index_id", "nope", "vectors", oneRow),
                        "Index nope does not exist",
                        "NOT_FOUND"),
                bad(
                        "search unknown index",
                        encode("action", "search", "index_id", "nope", "query_vectors", oneRow, "k", 1),
                        "Index nope does not exist",
                        "NOT_FOUND"),
                bad(
                        "range unknown index",
                        encode("action", "range_search", "index_id", "nope", "query_vectors", oneRow),
                        "Index nope does not exist",
                        "NOT_FOUND"),
                bad(
                        "reconstruct_n unknown index",
                        encode("action", "reconstruct_n", "index_id", "nope"),
                        "Index nope not found",
                        "NOT_FOUND"),
                bad(
                        "remove_ids unknown index",
                        encode("action", "remove_ids", "index_id", "nope", "ids", List.of(1)),
                        "Index nope does not exist",
                        "NOT_FOUND"),
                bad(
                        "ids not a list",
                        encode("action", "remove_ids", "index_id", "idx", "ids", "1"),
                        "ids must be an array of integers, got str \"1\"",
                        "INVALID_ARGUMENT"),
                bad(
                        "index_id not a str",
                        encode("action", "search", "index_id", 5, "query_vectors", oneRow, "k", 1),
                        "index_id must be a str, got int 5",
                        "INVALID_ARGUMENT"),
                bad(
                        "create existing",
                        encode("action", "create_index", "index_id", "idx", "dimension", D, "index_type", "L2"),
                        "Index idx already exists",
                        "ALREADY_EXISTS"),
                bad(
                        "create bad dimension",
                        encode("action", "create_index", "index_id", "n", "dimension", "x"),
                        "Invalid dimension: x. Must be an integer.",
                        "INVALID_ARGUMENT"),
                bad(
                        "create dimension 0",
                        encode("action", "create_index", "index_id", "n", "dimension", 0),
                        "Dimension 0 out of range (1-10000)",
                        "INVALID_ARGUMENT"),
                bad(
                        "create dimension too big",
                        encode("action", "create_index", "index_id", "n", "dimension", 10001),
                        "Dimension 10001 out of range (1-10000)",
                        "INVALID_ARGUMENT"),
                bad(
                        "create index_type not str",
                        encode("action", "create_index", "index_id", "n", "dimension", 4, "index_type", 7),
                        "Invalid index_type: 7. Must be a string.",
                        "INVALID_ARGUMENT"),
                bad(
                        "create unsupported type",
                        encode("action", "create_index", "index_id", "n", "dimension", 4, "index_type", "l2"),
                        "Unsupported index type: l2",
                        "UNSUPPORTED"),
                bad(
                        "params not a map",
                        encode(
                                "action",
                                "search",
                                "index_id",
                                "idx",
                                "query_vectors",
                                oneRow,
                                "k",
                                1,
                                "params",
                                "fast"),
                        "params must be a map, got str \"fast\"",
                        "INVALID_ARGUMENT"));
    }

    private interface Packing {
        void pack(org.msgpack.core.MessageBufferPacker p) throws java.io.IOException;
    }

    private static byte[] raw(Packing body) {
        try (org.msgpack.core.MessageBufferPacker p = org.msgpack.core.MessagePack.newDefaultBufferPacker()) {
            body.pack(p);
            return p.toByteArray();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void badRequestGetsAnErrorReply(String name, byte[] body, String error, String code) {
        assertFailure(client.raw(body), error, code);
    }
}
