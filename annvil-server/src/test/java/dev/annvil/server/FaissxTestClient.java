package dev.annvil.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.MsgpackCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * A FAISSx client for tests: a REQ socket with a 5 s receive timeout, so a bug fails the test
 * instead of hanging it.
 *
 * <p>Like the FAISSx Python client's {@code connect()} (faissx-protocol.md §3.4: a ping, retried up
 * to 3 times), the constructor pings until one ping is answered, on a fresh socket each try. This
 * is needed with a JeroMQ client: a JeroMQ REQ socket occasionally loses its very first message to
 * a freshly started JeroMQ server (about 1 in 50 fresh connections here; never observed with
 * pyzmq/libzmq clients in 300 restarts). Every request after the handshake gets no retry.
 */
final class FaissxTestClient implements AutoCloseable {
    private static final int CONNECT_TRIES = 3;
    private final ZMQ.Context ctx = ZMQ.context(1);
    private ZMQ.Socket socket;

    FaissxTestClient(int port) {
        for (int attempt = 1; ; attempt++) {
            socket = ctx.socket(SocketType.REQ);
            socket.setLinger(0);
            socket.setSendTimeOut(5000);
            socket.setReceiveTimeOut(attempt < CONNECT_TRIES ? 1000 : 5000);
            socket.connect("tcp://127.0.0.1:" + port);
            socket.send(MsgpackCodec.encode(Map.of("action", "ping")));
            byte[] pong = socket.recv(0);
            if (pong != null) {
                socket.setReceiveTimeOut(5000);
                return;
            }
            socket.close();
            if (attempt == CONNECT_TRIES) {
                throw new AssertionError("no answer to ping from port " + port + " after " + attempt + " tries");
            }
        }
    }

    /** Sends raw bytes, returns the decoded reply. */
    Map<String, Object> raw(byte[] body) {
        assertThat(socket.send(body)).as("send").isTrue();
        byte[] reply = socket.recv(0);
        assertThat(reply).as("reply within 5 s").isNotNull();
        assertThat(socket.hasReceiveMore()).as("single-frame reply").isFalse();
        try {
            return MsgpackCodec.decode(reply, 0, reply.length, java.util.Set.of());
        } catch (Exception e) {
            throw new AssertionError("undecodable reply", e);
        }
    }

    /** Sends {"action": action, k1: v1, ...}. */
    Map<String, Object> call(String action, Object... keyValues) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("action", action);
        for (int i = 0; i < keyValues.length; i += 2) {
            req.put((String) keyValues[i], keyValues[i + 1]);
        }
        return raw(MsgpackCodec.encode(req));
    }

    /** Like call, asserting success. */
    Map<String, Object> ok(String action, Object... keyValues) {
        Map<String, Object> r = call(action, keyValues);
        assertThat(r).as(action + " reply").containsEntry("success", true);
        return r;
    }

    /** Like call, asserting a failure with this error text and code. */
    Map<String, Object> fails(String error, String code, String action, Object... keyValues) {
        Map<String, Object> r = call(action, keyValues);
        assertFailure(r, error, code);
        return r;
    }

    static void assertFailure(Map<String, Object> r, String error, String code) {
        assertThat(r)
                .containsEntry("success", false)
                .containsEntry("error", error)
                .containsEntry("error_code", code)
                .containsKey("timestamp")
                .containsKey("version");
    }

    long ntotal(String indexId) {
        return (Long) ok("get_index_stats", "index_id", indexId).get("ntotal");
    }

    /** Rows of a float matrix as the client's nested lists (float64 copies of float32, as numpy sends). */
    static List<List<Double>> rows(FloatMatrix m) {
        List<List<Double>> rows = new java.util.ArrayList<>();
        for (int i = 0; i < m.rows(); i++) {
            List<Double> row = new java.util.ArrayList<>();
            for (int j = 0; j < m.width(); j++) {
                row.add((double) m.data()[i * m.width() + j]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** n random vectors of dimension d, seeded. */
    static FloatMatrix random(long seed, int n, int d) {
        java.util.Random rnd = new java.util.Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        return new FloatMatrix(n, d, x);
    }

    /** A decoded map value, typed for assertions. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Entry i of the reply's {@code results}. */
    static Map<String, Object> result(Map<String, Object> reply, int i) {
        return map(((List<?>) reply.get("results")).get(i));
    }

    static float[] floats(Object wireList) {
        List<?> list = (List<?>) wireList;
        float[] out = new float[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) list.get(i)).floatValue();
        }
        return out;
    }

    static long[] longs(Object wireList) {
        List<?> list = (List<?>) wireList;
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (Long) list.get(i);
        }
        return out;
    }

    @Override
    public void close() {
        socket.close();
        ctx.term();
    }
}
