package dev.annvil.bench.server;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.MalformedMessageException;
import dev.annvil.protocol.MsgpackCodec;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A minimal FAISSx client for the load benchmark: one ZeroMQ REQ socket, msgpack maps in and out
 * (annvil-protocol's codec), vectors sent as float32 matrices. Not thread-safe: one per client
 * thread.
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

    private void connect() {
        socket = ctx.createSocket(SocketType.REQ);
        socket.setLinger(0);
        socket.setReceiveTimeOut(TIMEOUT_MS);
        socket.setSendTimeOut(TIMEOUT_MS);
        socket.connect(endpoint);
    }

    /** Sends {"action": action, k1: v1, ...}; returns the decoded reply. */
    Map<String, Object> call(String action, Object... keyValues) throws IOException {
        Map<String, Object> req = new LinkedHashMap<>();
        req.put("action", action);
        for (int i = 0; i < keyValues.length; i += 2) {
            req.put((String) keyValues[i], keyValues[i + 1]);
        }
        if (!socket.send(MsgpackCodec.encode(req))) {
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
