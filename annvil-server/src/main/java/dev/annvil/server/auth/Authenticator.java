package dev.annvil.server.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The FAISSx authentication checks (faissx-protocol.md §5.2), applied in this order; the first
 * failing one decides the error text:
 *
 * <ol>
 *   <li>{@code api_key} missing, nil or "" → "API key required";
 *   <li>{@code api_key} not a str, or longer than 256 characters → "Invalid API key";
 *   <li>{@code api_key} not in the key table, or mapped to an empty tenant → "Invalid API key";
 *   <li>{@code tenant_id} present (not nil) and not a str or longer than 128 characters → "Invalid
 *       tenant ID".
 * </ol>
 *
 * <p>The tenant is the one the key table gives the key; the request's {@code tenant_id} is only
 * validated, never trusted (as in the reference).
 *
 * <p>Keys are compared in constant time: the SHA-256 of the presented key is compared with the
 * SHA-256 of <em>every</em> configured key using {@link MessageDigest#isEqual} (which does not stop
 * at the first differing byte), without stopping at a match, so the time taken reveals neither how
 * much of a key was right nor which key matched. Only the key table's size is observable.
 *
 * <p>Immutable and thread-safe.
 */
public final class Authenticator {
    /** "API key required". */
    public static final String KEY_REQUIRED = "API key required";
    /** "Invalid API key". */
    public static final String INVALID_KEY = "Invalid API key";
    /** "Invalid tenant ID". */
    public static final String INVALID_TENANT = "Invalid tenant ID";

    private record Entry(byte[] keyHash, TenantNamespace namespace) {}

    private final List<Entry> entries = new ArrayList<>();

    /** @param config the key table (its {@code enabled} flag is not looked at) */
    public Authenticator(AuthConfig config) {
        for (Map.Entry<String, String> e : config.keys().entrySet()) {
            String tenant = e.getValue();
            entries.add(new Entry(sha256(e.getKey()), tenant.isEmpty() ? null : new TenantNamespace(tenant)));
        }
    }

    /** The outcome of {@link #authenticate}: a namespace, or the error text. */
    public sealed interface Result {
        /** Authenticated as the tenant of this namespace. */
        record Ok(TenantNamespace namespace) implements Result {}

        /** Rejected with this "error" text (error_code AUTH_ERROR). */
        record Denied(String error) implements Result {}
    }

    /** Checks a decoded request's {@code api_key} and {@code tenant_id}. */
    public Result authenticate(Map<String, Object> request) {
        Object key = request.get("api_key");
        if (key == null || "".equals(key)) {
            return new Result.Denied(KEY_REQUIRED);
        }
        if (!(key instanceof String s) || s.length() > AuthConfig.MAX_KEY_LENGTH) {
            return new Result.Denied(INVALID_KEY);
        }
        TenantNamespace namespace = lookup(s);
        if (namespace == null) {
            return new Result.Denied(INVALID_KEY);
        }
        Object tenant = request.get("tenant_id");
        if (tenant != null && (!(tenant instanceof String t) || t.length() > AuthConfig.MAX_TENANT_LENGTH)) {
            return new Result.Denied(INVALID_TENANT);
        }
        return new Result.Ok(namespace);
    }

    /** The namespace of a key, or null; constant time in the key's content (see class comment). */
    private TenantNamespace lookup(String key) {
        byte[] hash = sha256(key);
        TenantNamespace found = null;
        for (Entry e : entries) {
            boolean equal = MessageDigest.isEqual(hash, e.keyHash());
            // no early exit and no branch on the comparison beyond this select
            found = equal ? e.namespace() : found;
        }
        return found;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
