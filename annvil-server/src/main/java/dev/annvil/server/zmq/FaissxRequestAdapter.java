package dev.annvil.server.zmq;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.MalformedMessageException;
import dev.annvil.protocol.MsgpackCodec;
import dev.annvil.server.Limits;
import dev.annvil.server.auth.AuthConfig;
import dev.annvil.server.auth.Authenticator;
import dev.annvil.server.auth.TenantNamespace;
import dev.annvil.server.service.DimensionMismatchException;
import dev.annvil.server.service.ErrorCode;
import dev.annvil.server.service.IndexNotFoundException;
import dev.annvil.server.service.IndexService;
import dev.annvil.server.service.IndexTypes;
import dev.annvil.server.service.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *   <li>body larger than the limit: "Request too large: &lt;n&gt; bytes; the limit is &lt;max&gt;
 *       bytes (--max-request-bytes)" (LIMIT_EXCEEDED; FAISSx's text "Request too large" first, as
 *       clients match substrings), not decoded;
 *   <li>not one msgpack map with str keys, or a map that looks like an error reply: "Malformed
 *       request" (MALFORMED_REQUEST);
 *   <li>with authentication {@linkplain AuthConfig#active() active}, every action but {@code ping}
 *       (unknown ones included) is authenticated first: "API key required", "Invalid API key" or
 *       "Invalid tenant ID" (AUTH_ERROR; {@link Authenticator}, faissx-protocol.md §5.2);
 *   <li>missing, non-str or unknown action: "Unknown action" (UNKNOWN_ACTION);
 *   <li>a request beyond the {@link Limits}: a text naming the limit and the value
 *       (LIMIT_EXCEEDED);
 *   <li>{@link ServiceException}: its message and code, with the action's wording for "index not
 *       found" and dimension mismatches;
 *   <li>core argument/state errors: the action's prefix + the message (INVALID_ARGUMENT,
 *       UNSUPPORTED, FAILED_PRECONDITION);
 *   <li>anything else: "Server error: &lt;text&gt;" (INTERNAL), logged with its stack trace.
 * </ul>
 *
 * <p><b>Tenant isolation</b> (§5.3). With authentication active, each API key's tenant has its own
 * index namespace, implemented here, invisibly to the client and to the {@link IndexService}: every
 * index id in the request ({@code index_id}, {@code target_index_id}, the entries of {@code
 * source_index_ids}, and the base of an {@code IDMap:<base>}/{@code IDMap2:<base>} type that names
 * one of the tenant's indexes) is mapped to the tenant's internal id before dispatch ({@link
 * TenantNamespace}), and the reply is mapped back: ids and texts show the client's ids, index
 * listings only the tenant's indexes. Another tenant's index therefore simply does not exist for a
 * client ("Index docs not found"), and two tenants can both own "docs". With authentication off
 * there is one namespace and ids are passed through unchanged.
 *
 * <p>Thread-safe: holds no per-request state.
 */
public final class FaissxRequestAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FaissxRequestAdapter.class);
    /** Replies larger than this are replaced by "Response too large" (the reference's 500 MiB). */
    static final int MAX_REPLY_BYTES = 500 * 1024 * 1024;

    /** {@code error_code} of requests beyond a {@link Limits} maximum. */
    static final String LIMIT_EXCEEDED = "LIMIT_EXCEEDED";

    /**
     * The reference's own bound of k and d (faissx-protocol.md §3.6): values beyond it get the
     * reference's error texts from the handlers, so a limit check only answers below it.
     */
    private static final int REFERENCE_MAX = 10_000;

    private static final String PING = "ping";
    private static final String CREATE_INDEX = "create_index";
    /**
     * Actions whose {@code k} is a number of results per query: the {@code k} and queries × k
     * limits apply to them (range_search has no k).
     */
    private static final Set<String> K_ACTIONS = Set.of("search", "hybrid_search", "search_and_reconstruct");
    /** Request fields holding one index id, or a list of them. */
    private static final List<String> ID_FIELDS = List.of("index_id", "target_index_id", "source_index_ids");

    private final IndexService service;
    private final long maxRequestBytes;
    private final String version;
    private final Map<String, FaissxActions.Action> actions;
    /** Null when authentication is not active. */
    private final Authenticator authenticator;

    private final Limits limits;
    /** Deadline of the timed queries, in milliseconds. */
    private final long requestTimeoutMs;

    /**
     * Queries the worker stops waiting for at the deadline, with the reference's TIMEOUT texts
     * (faissx-protocol.md §3.6). Adds and trainings are cancelled inside the service instead.
     */
    private static final Map<String, String> TIMED_QUERIES = Map.of(
            "search", "Search operation timed out",
            "hybrid_search", "Search operation timed out",
            "range_search", "Range search operation timed out",
            "search_and_reconstruct", "Search and reconstruct operation timed out",
            "get_vectors", "Get vectors operation timed out",
            "apply_transform", "Apply transform operation timed out");

    /**
     * Runs the timed queries (virtual threads). A query that misses its deadline cannot be stopped
     * (the core search is not interruptible): it runs to its end on its own thread, then releases
     * its read lock, and its result is discarded.
     */
    private final ExecutorService queryExecutor = Executors.newVirtualThreadPerTaskExecutor();

    /** Serialises index creation per namespace ("" without authentication) for the index count limit. */
    private final Map<String, Object> createLocks = new ConcurrentHashMap<>();

    /**
     * An adapter without authentication and with the default limits.
     *
     * @param service the index service
     * @param maxRequestBytes largest accepted body
     * @param version sent as {@code version} in every reply
     */
    public FaissxRequestAdapter(IndexService service, long maxRequestBytes, String version) {
        this(service, maxRequestBytes, version, AuthConfig.disabled(), Limits.defaults());
    }

    /**
     * @param service the index service
     * @param maxRequestBytes largest accepted body
     * @param version sent as {@code version} in every reply
     * @param auth the key table; requests are authenticated and tenants isolated when it is
     *     {@linkplain AuthConfig#active() active}
     * @param limits the per-request and per-tenant maxima
     */
    public FaissxRequestAdapter(
            IndexService service, long maxRequestBytes, String version, AuthConfig auth, Limits limits) {
        this(service, maxRequestBytes, version, auth, limits, 30_000L);
    }

    /**
     * @param requestTimeoutMs deadline of searches, range searches, search_and_reconstruct,
     *     get_vectors and apply_transform (at least 1): at it the worker answers TIMEOUT
     */
    public FaissxRequestAdapter(
            IndexService service,
            long maxRequestBytes,
            String version,
            AuthConfig auth,
            Limits limits,
            long requestTimeoutMs) {
        if (requestTimeoutMs < 1) {
            throw new IllegalArgumentException("requestTimeoutMs=" + requestTimeoutMs + " must be at least 1");
        }
        this.requestTimeoutMs = requestTimeoutMs;
        this.service = service;
        this.maxRequestBytes = maxRequestBytes;
        this.version = version;
        this.actions = new FaissxActions(service).table();
        this.authenticator = auth.active() ? new Authenticator(auth) : null;
        this.limits = limits;
    }

    /** Unix time in seconds. */
    static double now() {
        return System.currentTimeMillis() / 1000.0;
    }

    /** Handles one request body; never throws. */
    public byte[] handle(byte[] body) {
        Map<String, Object> reply;
        String action = null;
        TenantNamespace namespace = null;
        try {
            if (body.length > maxRequestBytes) {
                reply = error(
                        "Request too large: " + body.length + " bytes; the limit is " + maxRequestBytes
                                + " bytes (--max-request-bytes)",
                        LIMIT_EXCEEDED);
            } else {
                Map<String, Object> request = MsgpackCodec.decode(body);
                action = request.get("action") instanceof String s ? s : null;
                if (request.containsKey("error") && !RequestFields.truthy(request.get("success"))) {
                    reply = error("Malformed request", ErrorCode.MALFORMED_REQUEST);
                } else if (authenticator != null && !PING.equals(action)) {
                    switch (authenticator.authenticate(request)) {
                        case Authenticator.Result.Denied denied -> {
                            LOG.debug("Request {} denied: {}", action, denied.error());
                            reply = error(denied.error(), ErrorCode.AUTH_ERROR);
                        }
                        case Authenticator.Result.Ok ok -> {
                            namespace = ok.namespace();
                            reply = dispatch(action, request, namespace);
                        }
                    }
                } else {
                    reply = dispatch(action, request, null);
                }
            }
        } catch (MalformedMessageException e) {
            LOG.debug("Malformed request: {}", e.getMessage());
            reply = error("Malformed request", ErrorCode.MALFORMED_REQUEST);
        } catch (Throwable t) {
            reply = serverError(action, t);
        }
        return encode(action, reply, namespace);
    }

    private Map<String, Object> dispatch(String action, Map<String, Object> request, TenantNamespace namespace) {
        FaissxActions.Action a = action == null ? null : actions.get(action);
        if (a == null) {
            return error("Unknown action", ErrorCode.UNKNOWN_ACTION);
        }
        if (!PING.equals(action)) {
            String exceeded = exceededLimit(action, request);
            if (exceeded != null) {
                return error(exceeded, LIMIT_EXCEEDED);
            }
        }
        Map<String, Object> req;
        try {
            req = namespace == null ? request : toInternal(namespace, request);
        } catch (ServiceException e) {
            return error(e.getMessage(), e.code());
        }
        if (CREATE_INDEX.equals(action)) {
            Object lock = createLocks.computeIfAbsent(namespace == null ? "" : namespace.prefix(), k -> new Object());
            synchronized (lock) {
                String exceeded = exceededIndexCount(req, namespace);
                return exceeded != null ? error(exceeded, LIMIT_EXCEEDED) : invoke(a, req);
            }
        }
        String timeoutText = TIMED_QUERIES.get(action);
        return timeoutText == null ? invoke(a, req) : invokeWithDeadline(a, req, timeoutText);
    }

    /** {@link #invoke} on the query executor; TIMEOUT with the action's text if it misses the deadline. */
    private Map<String, Object> invokeWithDeadline(
            FaissxActions.Action a, Map<String, Object> request, String timeoutText) {
        Future<Map<String, Object>> f = queryExecutor.submit(() -> invoke(a, request));
        try {
            return f.get(requestTimeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            LOG.debug("{} after {} ms", timeoutText, requestTimeoutMs);
            return error(timeoutText, ErrorCode.TIMEOUT);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            return error(timeoutText + " (server shutting down)", ErrorCode.TIMEOUT);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    private Map<String, Object> invoke(FaissxActions.Action a, Map<String, Object> request) {
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

    // ---------------------------------------------------------------- tenants

    /**
     * The request with every index id the client named mapped into its namespace (see the class
     * comment); the argument is not changed. The API key is left out, so no handler can echo it.
     *
     * @throws ServiceException INVALID_ARGUMENT for ids containing the namespace separator, and for
     *     an IDMap base that names an index outside the namespace
     */
    private Map<String, Object> toInternal(TenantNamespace ns, Map<String, Object> request) {
        Map<String, Object> req = new LinkedHashMap<>(request);
        req.remove("api_key");
        try {
            for (String field : ID_FIELDS) {
                Object v = req.get(field);
                if (v instanceof String id) {
                    req.put(field, ns.toInternal(id));
                } else if (v instanceof List<?> list) {
                    List<Object> mapped = new ArrayList<>(list.size());
                    for (Object x : list) {
                        mapped.add(x instanceof String id ? ns.toInternal(id) : x);
                    }
                    req.put(field, mapped);
                }
            }
            if (req.get("index_type") instanceof String type) {
                req.put("index_type", toInternalType(ns, type));
            }
        } catch (IllegalArgumentException e) {
            throw RequestFields.invalid(e.getMessage());
        }
        return req;
    }

    /**
     * {@code IDMap:<base>}/{@code IDMap2:<base>} whose base is one of the tenant's indexes: the base
     * mapped to its internal id. Any other base is an index type (the service then creates {@code
     * <index_id>_base} of that type inside the namespace), unless it names an index outside the
     * namespace (one created with authentication off), which is refused rather than wrapped.
     */
    private String toInternalType(TenantNamespace ns, String type) {
        String prefix = type.startsWith(IndexTypes.IDMAP2_PREFIX)
                ? IndexTypes.IDMAP2_PREFIX
                : type.startsWith(IndexTypes.IDMAP_PREFIX) ? IndexTypes.IDMAP_PREFIX : null;
        if (prefix == null || type.length() == prefix.length()) {
            return type;
        }
        String base = type.substring(prefix.length());
        String internal = ns.toInternal(base);
        if (exists(internal)) {
            return prefix + internal;
        }
        if (exists(base)) {
            throw RequestFields.invalid("Error creating index: the IDMap base " + base
                    + " is neither an index of this tenant nor an index type");
        }
        return type;
    }

    private boolean exists(String internalId) {
        try {
            service.info(internalId);
            return true;
        } catch (IndexNotFoundException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- limits

    /** The text of the first limit the request exceeds, or null. */
    private String exceededLimit(String action, Map<String, Object> req) {
        int maxRows = limits.maxVectorsPerRequest();
        for (String field : MsgpackCodec.VECTOR_FIELDS) {
            Object v = req.get(field);
            if (v instanceof FloatMatrix m) {
                if (m.rows() > maxRows) {
                    return tooManyVectors(field + " has " + m.rows() + " rows");
                }
                if (m.width() > limits.maxDimension() && m.width() <= REFERENCE_MAX) {
                    return field + " has " + m.width() + " components per vector; the limit is dimension "
                            + limits.maxDimension() + " (--max-dimension)";
                }
            } else if (v instanceof List<?> list && list.size() > maxRows) {
                return tooManyVectors(field + " has " + list.size() + " rows");
            }
        }
        if (req.get("ids") instanceof List<?> ids && ids.size() > maxRows) {
            return tooManyVectors("ids has " + ids.size() + " entries");
        }
        Long numVectors = integral(req.get("num_vectors"));
        if (numVectors != null && numVectors > maxRows) {
            return tooManyVectors("num_vectors=" + numVectors);
        }
        Long k = K_ACTIONS.contains(action) ? integral(req.get("k")) : null;
        if (k != null && k > limits.maxK() && k <= REFERENCE_MAX) { // beyond: the reference's own text
            return "k=" + k + " exceeds the limit of " + limits.maxK() + " (--max-k)";
        }
        if (K_ACTIONS.contains(action)
                && req.get("query_vectors") instanceof FloatMatrix q
                && (k == null || (k > 0 && k <= REFERENCE_MAX))) {
            long kk = k == null ? 10 : k;
            long results = q.rows() * kk;
            if (results > limits.maxSearchResults()) {
                return q.rows() + " queries x k=" + kk + " = " + results + " results exceed the limit of "
                        + limits.maxSearchResults() + " results per search (--max-search-results)";
            }
        }
        if (CREATE_INDEX.equals(action)) {
            Long d = integral(req.get("dimension"));
            if (d != null && d > limits.maxDimension() && d <= REFERENCE_MAX) {
                return "dimension=" + d + " exceeds the limit of " + limits.maxDimension() + " (--max-dimension)";
            }
        }
        return null;
    }

    private String tooManyVectors(String what) {
        return what + "; the limit is " + limits.maxVectorsPerRequest()
                + " vectors per request (--max-vectors-per-request)";
    }

    /** An int, or a float with an integral value, as a long; null for anything else. */
    private static Long integral(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p63) {
            return d.longValue();
        }
        return null;
    }

    /**
     * The text of the index count limit if creating the requested index would exceed it, or null.
     * Call under the namespace's create lock. An IDMap over a type (not an existing index) counts
     * twice: the service creates its base too.
     */
    private String exceededIndexCount(Map<String, Object> req, TenantNamespace ns) {
        long count = 0;
        for (var info : service.list()) {
            if (ns == null || ns.owns(info.indexId())) {
                count++;
            }
        }
        int needed = 1;
        if (req.get("index_type") instanceof String type) {
            String base = type.startsWith(IndexTypes.IDMAP2_PREFIX)
                    ? type.substring(IndexTypes.IDMAP2_PREFIX.length())
                    : type.startsWith(IndexTypes.IDMAP_PREFIX)
                            ? type.substring(IndexTypes.IDMAP_PREFIX.length())
                            : null;
            if (base != null && !exists(base)) {
                needed = 2;
            }
        }
        int max = limits.maxIndexesPerTenant();
        if (count + needed <= max) {
            return null;
        }
        return (ns == null ? "the server holds " : "this tenant holds ") + count + " indexes; the limit is " + max
                + " indexes per tenant (--max-indexes-per-tenant)";
    }

    private Map<String, Object> serverError(String action, Throwable t) {
        LOG.error("Request {} failed", action, t);
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return error("Server error: " + text, ErrorCode.INTERNAL);
    }

    /** Encodes the reply, with the tenant's internal ids turned back into the client's ids. */
    private byte[] encode(String action, Map<String, Object> reply, TenantNamespace namespace) {
        try {
            byte[] bytes = MsgpackCodec.encode(namespace == null ? reply : namespace.toClientReply(reply));
            if (bytes.length > MAX_REPLY_BYTES) {
                return MsgpackCodec.encode(error("Response too large", ErrorCode.RESPONSE_TOO_LARGE));
            }
            return bytes;
        } catch (Throwable t) {
            Map<String, Object> failure = serverError(action, t);
            return MsgpackCodec.encode(namespace == null ? failure : namespace.toClientReply(failure));
        }
    }

    /** A failure reply. */
    Map<String, Object> error(String message, ErrorCode code) {
        return error(message, code.name());
    }

    /** A failure reply with an error code that is not (yet) an {@link ErrorCode}. */
    Map<String, Object> error(String message, String code) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("success", false);
        r.put("error", message);
        r.put("error_code", code);
        r.put("version", version);
        r.put("timestamp", now());
        return r;
    }

    /** The reply sent if even encoding an error reply fails. */
    public byte[] fallbackReply() {
        return MsgpackCodec.encode(error("Server error: internal failure", ErrorCode.INTERNAL));
    }
}
