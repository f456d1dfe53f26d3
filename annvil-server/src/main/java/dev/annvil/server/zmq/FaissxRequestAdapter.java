package dev.annvil.server.zmq;

import dev.annvil.protocol.MalformedMessageException;
import dev.annvil.protocol.MsgpackCodec;
import dev.annvil.server.service.DimensionMismatchException;
import dev.annvil.server.service.ErrorCode;
import dev.annvil.server.service.IndexNotFoundException;
import dev.annvil.server.service.IndexService;
import dev.annvil.server.service.ServiceException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one FAISSx request body into one reply body (faissx-protocol.md §4): size check, msgpack
 * decoding, dispatch by {@code action}, error mapping, encoding. Never throws: whatever happens,
 * the caller gets a reply to send.
 *
 * <p>Every reply has {@code success}, {@code version} and {@code timestamp} (float Unix seconds).
 * Failures have {@code error} and {@code error_code}:
 *
 * <ul>
 *   <li>body larger than the limit: "Request too large" (REQUEST_TOO_LARGE), not decoded;
 *   <li>not one msgpack map with str keys, or a map that looks like an error reply: "Malformed
 *       request" (MALFORMED_REQUEST);
 *   <li>missing, non-str or unknown action: "Unknown action" (UNKNOWN_ACTION);
 *   <li>{@link ServiceException}: its message and code, with the action's wording for "index not
 *       found" and dimension mismatches;
 *   <li>core argument/state errors: the action's prefix + the message (INVALID_ARGUMENT,
 *       UNSUPPORTED, FAILED_PRECONDITION);
 *   <li>anything else: "Server error: &lt;text&gt;" (INTERNAL), logged with its stack trace.
 * </ul>
 *
 * <p>Thread-safe: holds no per-request state.
 */
public final class FaissxRequestAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FaissxRequestAdapter.class);
    /** Replies larger than this are replaced by "Response too large" (the reference's 500 MiB). */
    static final int MAX_REPLY_BYTES = 500 * 1024 * 1024;

    private final long maxRequestBytes;
    private final String version;
    private final Map<String, FaissxActions.Action> actions;

    /**
     * @param service the index service
     * @param maxRequestBytes largest accepted body
     * @param version sent as {@code version} in every reply
     */
    public FaissxRequestAdapter(IndexService service, long maxRequestBytes, String version) {
        this.maxRequestBytes = maxRequestBytes;
        this.version = version;
        this.actions = new FaissxActions(service).table();
    }

    /** Unix time in seconds. */
    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Handles one request body; never throws. */
    public byte[] handle(byte[] body) {
        Map<String, Object> reply;
        String action = null;
        try {
            if (body.length > maxRequestBytes) {
                reply = error("Request too large", ErrorCode.REQUEST_TOO_LARGE);
            } else {
                Map<String, Object> request = MsgpackCodec.decode(body);
                action = request.get("action") instanceof String s ? s : null;
                reply = dispatch(action, request);
            }
        } catch (MalformedMessageException e) {
            LOG.debug("Malformed request: {}", e.getMessage());
            reply = error("Malformed request", ErrorCode.MALFORMED_REQUEST);
        } catch (Throwable t) {
            reply = serverError(action, t);
        }
        return encode(action, reply);
    }

    private Map<String, Object> dispatch(String action, Map<String, Object> request) {
        if (request.containsKey("error") && !RequestFields.truthy(request.get("success"))) {
            return error("Malformed request", ErrorCode.MALFORMED_REQUEST);
        }
        FaissxActions.Action a = action == null ? null : actions.get(action);
        if (a == null) {
            return error("Unknown action", ErrorCode.UNKNOWN_ACTION);
        }
        try {
            Map<String, Object> reply = a.handler().handle(request);
            reply.put("version", version);
            reply.put("timestamp", now());
            return reply;
        } catch (IndexNotFoundException e) {
            return error(String.format(a.notFoundFormat(), e.indexId()), e.code());
        } catch (DimensionMismatchException e) {
            return error(String.format(a.dimensionMismatchFormat(), e.expected(), e.got()), e.code());
        } catch (ServiceException e) {
            return error(e.getMessage(), e.code());
        } catch (IllegalArgumentException e) {
            return error(a.failurePrefix() + e.getMessage(), ErrorCode.INVALID_ARGUMENT);
        } catch (UnsupportedOperationException e) {
            return error(a.failurePrefix() + e.getMessage(), ErrorCode.UNSUPPORTED);
        } catch (IllegalStateException e) {
            return error(a.failurePrefix() + e.getMessage(), ErrorCode.FAILED_PRECONDITION);
        }
    }

    private Map<String, Object> serverError(String action, Throwable t) {
        LOG.error("Request {} failed", action, t);
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return error("Server error: " + text, ErrorCode.INTERNAL);
    }

    private byte[] encode(String action, Map<String, Object> reply) {
        try {
            byte[] bytes = MsgpackCodec.encode(reply);
            if (bytes.length > MAX_REPLY_BYTES) {
                return MsgpackCodec.encode(error("Response too large", ErrorCode.RESPONSE_TOO_LARGE));
            }
            return bytes;
        } catch (Throwable t) {
            return MsgpackCodec.encode(serverError(action, t));
        }
    }

    /** A failure reply. */
    Map<String, Object> error(String message, ErrorCode code) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", false);
        r.put("error", message);
        r.put("error_code", code.name());
        r.put("version", version);
        r.put("timestamp", now());
        return r;
    }

    /** The reply sent if even encoding an error reply fails. */
    public byte[] fallbackReply() {
        return MsgpackCodec.encode(error("Server error: internal failure", ErrorCode.INTERNAL));
    }
}
