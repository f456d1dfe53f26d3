package dev.annvil.bench.server;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.MalformedMessageException;
import dev.annvil.protocol.MsgpackCodec;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal FAISSx client for the load benchmark: one ZeroMQ REQ socket, msgpack maps in and out
 * (annvil-protocol's codec). Vectors go on the wire as the FAISSx Python client sends them: lists of
 * float64 ({@code numpy.atleast_2d(x).tolist()}, faissx-protocol.md §2), 9 bytes per component.
 * Not thread-safe: one per client thread.
 */
final class FaissxClient implements AutoCloseable {
    /** How long a request may wait for its reply, ms (the FAISSx Python client's default is 5 s too). */
    static final int TIMEOUT_MS = 5_000;

    private final ZContext ctx;
    private final String endpoint;
    private ZMQ.Socket socket;

    /** Connects to endpoint (tcp://127.0.0.1:PORT) within ctx; replies must come within {@link #TIMEOUT_MS}. */
    FaissxClient(ZContext ctx, String endpoint) {
        this.ctx = ctx;
        this.endpoint = endpoint;
        connect();
    }

    /**
     * Connects a new REQ socket and completes one ping round trip on it. JeroMQ 0.6's REQ socket
     * now and then loses a large first message sent on a fresh connection (about 1 in 100 of 115
     * KB; seen against pyzmq's ROUTER as well as Annvil's, never with a pyzmq client, never with a
     * small message): the ping takes the first slot, so no measured request is ever a first message.
     */
    private void connect() {
        for (int attempt = 1; ; attempt++) {
            socket = ctx.createSocket(SocketType.REQ);
            socket.setLinger(0);
            socket.setReceiveTimeOut(TIMEOUT_MS);
            socket.setSendTimeOut(TIMEOUT_MS);
            socket.connect(endpoint);
            if (socket.send(MsgpackCodec.encode(Map.of("action", "ping"))) && socket.recv(0) != null) {
                return;
            }
            ctx.destroySocket(socket);
            if (attempt == 3) {
                throw new IllegalStateException("no ping reply from " + endpoint + " after 3 connections");
            }
        }
    }

    /**
     * The body of {"action": action, k1: v1, ...}, a {@link FloatMatrix} value encoded as FAISSx
     * encodes vectors (rows of float64).
     */
    static byte[] request(String action, Object... keyValues) {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("action", action);
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            req.put((String) keyValues[i], v instanceof FloatMatrix m ? float64Rows(m) : v);
        }
        return MsgpackCodec.encode(req);
    }

    private static List<double[]> float64Rows(FloatMatrix m) {
        List<double[]> rows = new ArrayList<>(m.rows());
        for (int i = 0; i < m.rows(); i++) {
            double[] row = new double[m.width()];
            for (int j = 0; j < row.length; j++) {
                row[j] = m.data()[i * m.width() + j];
            }
            rows.add(row);
        }
        return rows;
    }

    /** Sends {"action": action, k1: v1, ...} (see {@link #request}); returns the decoded reply. */
    Map<String, Object> call(String action, Object... keyValues) throws IOException {
        return send(action, request(action, keyValues));
    }

    /** Sends a body made by {@link #request}; returns the decoded reply. */
    Map<String, Object> send(String action, byte[] body) throws IOException {
        if (!socket.send(body)) {
            throw new IOException(action + ": send failed");
        }
        byte[] reply = socket.recv(0);
        if (reply == null) {
            // A REQ socket that lost its reply can never send again: replace it, and report the loss.
            ctx.destroySocket(socket);
            connect();
            throw new IOException(action + ": no reply within " + TIMEOUT_MS + " ms");
        }
        try {
            return MsgpackCodec.decode(reply, 0, reply.length, Set.of());
        } catch (MalformedMessageException e) {
            throw new IOException(action + ": undecodable reply: " + e.getMessage(), e);
        }
    }

    /** Like {@link #call}, failing unless the reply says success. */
    Map<String, Object> ok(String action, Object... keyValues) throws IOException {
        Map<String, Object> r = call(action, keyValues);
        if (!Boolean.TRUE.equals(r.get("success"))) {
            throw new IOException(action + " failed: " + r.get("error"));
        }
        return r;
    }

    /** Creates a flat L2 index of dimension d and adds the rows of x in batches of batch rows. */
    void createFlat(String id, FloatMatrix x, int batch) throws IOException {
        ok("create_index", "index_id", id, "dimension", x.width(), "index_type", "L2");
        for (int from = 0; from < x.rows(); from += batch) {
            ok("add_vectors", "index_id", id, "vectors", rows(x, from, Math.min(x.rows(), from + batch)));
        }
    }

    /** Rows [from, to) of x as a matrix. */
    static FloatMatrix rows(FloatMatrix x, int from, int to) {
        float[] part = java.util.Arrays.copyOfRange(x.data(), from * x.width(), to * x.width());
        return new FloatMatrix(to - from, x.width(), part);
    }

    @Override
    public void close() {
        ctx.destroySocket(socket);
    }
}
