package dev.annvil.server.auth;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One tenant's index namespace: maps the index ids a client sends to internal ids and back, so
 * that tenants cannot reach each other's indexes while every reply shows the client exactly the
 * ids it used (faissx-protocol.md §5.3).
 *
 * <p>Internal id = tenant + {@link #SEPARATOR} + client id, e.g. {@code "tenant-1␟docs"}. The
 * separator (U+241F SYMBOL FOR UNIT SEPARATOR) may occur neither in tenants ({@link AuthConfig}
 * rejects them) nor in client ids while authentication is active ({@link #toInternal} rejects
 * them), so the mapping is injective across tenants, and the prefix {@code tenant + SEPARATOR}
 * occurs in a reply text exactly where an internal id of that tenant starts: removing it turns
 * every internal id of the tenant back into the client's id, in structured fields and in free text
 * ("Index tenant-1␟docs not found" becomes "Index docs not found") alike.
 *
 * <p>Immutable and thread-safe.
 */
public final class TenantNamespace {
    /** Separates the tenant from the client's id in an internal id. */
    public static final char SEPARATOR = '\u241F';

    /** Keys of reply lists that enumerate indexes; entries of other namespaces are removed. */
    private static final List<String> LISTING_KEYS = List.of("indexes", "indices");
    /** Reply keys whose values are the client's own data, echoed unchanged. */
    private static final String METADATA_KEY = "metadata";
    /**
     * Reply keys (at any depth) whose values are server file paths, sent as nil: a file name
     * encodes the internal id (URL-encoded, hashed when long), which no text mapping can turn back,
     * and the server's file layout is none of a tenant's business.
     */
    private static final Set<String> SERVER_PATH_KEYS = Set.of("storage_path");

    private final String tenant;
    private final String prefix;

    /** @param tenant a non-empty tenant id without {@link #SEPARATOR} */
    public TenantNamespace(String tenant) {
        Objects.requireNonNull(tenant, "tenant is null");
        if (tenant.isEmpty() || tenant.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("invalid tenant \"" + tenant + "\"");
        }
        this.tenant = tenant;
        this.prefix = tenant + SEPARATOR;
    }

    /** The tenant. */
    public String tenant() {
        return tenant;
    }

    /** The prefix every internal id of this tenant starts with. */
    public String prefix() {
        return prefix;
    }

    /**
     * The internal id of a client id.
     *
     * @throws IllegalArgumentException if the id contains {@link #SEPARATOR}
     */
    public String toInternal(String clientId) {
        if (clientId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException(String.format(
                    "index ids may not contain the character U+%04X when authentication is on", (int) SEPARATOR));
        }
        return prefix + clientId;
    }

    /** Whether an internal id belongs to this tenant. */
    public boolean owns(String internalId) {
        return internalId.startsWith(prefix);
    }

    /** A text with every internal id of this tenant replaced by the client's id. */
    public String toClientText(String text) {
        return text.indexOf(SEPARATOR) < 0 ? text : text.replace(prefix, "");
    }

    /**
     * Rewrites a reply for the client: every string (values at any depth and map keys, except the
     * echoed {@code metadata}) with this tenant's internal ids turned back into client ids, index
     * listings ({@code indexes}, {@code indices}) reduced to this tenant's entries, and server file
     * paths ({@code storage_path}) nil. Values of other types (vectors, results) are kept as they
     * are.
     *
     * @return a new map; the argument is not changed
     */
    public Map<String, Object> toClientReply(Map<String, Object> reply) {
        Map<String, Object> out = new LinkedHashMap<>(reply.size() * 2);
        for (Map.Entry<String, Object> e : reply.entrySet()) {
            Object value = e.getValue();
            if (METADATA_KEY.equals(e.getKey())) {
                out.put(e.getKey(), value);
                continue;
            }
            if (LISTING_KEYS.contains(e.getKey()) && value instanceof List<?> list) {
                value = ownEntries(list);
            } else if (SERVER_PATH_KEYS.contains(e.getKey())) {
                value = null;
            }
            out.put(toClientText(e.getKey()), toClient(value));
        }
        return out;
    }

    private List<Object> ownEntries(List<?> list) {
        List<Object> own = new ArrayList<>(list.size());
        for (Object entry : list) {
            Object id = entry instanceof Map<?, ?> m ? m.get("index_id") : entry;
            if (id instanceof String s && owns(s)) {
                own.add(entry);
            }
        }
        return own;
    }

    /** The value with internal ids turned into client ids; the same object when nothing changes. */
    private Object toClient(Object value) {
        return switch (value) {
            case String s -> toClientText(s);
            case List<?> list -> {
                List<Object> out = null;
                for (int i = 0; i < list.size(); i++) {
                    Object x = list.get(i);
                    Object y = x instanceof String || x instanceof List<?> || x instanceof Map<?, ?> ? toClient(x) : x;
                    if (y != x && out == null) {
                        out = new ArrayList<>(list.subList(0, i));
                    }
                    if (out != null) {
                        out.add(y);
                    }
                }
                yield out == null ? list : out;
            }
            case Map<?, ?> map -> {
                Map<Object, Object> out = new LinkedHashMap<>(map.size() * 2);
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Object k = e.getKey() instanceof String s ? toClientText(s) : e.getKey();
                    out.put(k, SERVER_PATH_KEYS.contains(e.getKey()) ? null : toClient(e.getValue()));
                }
                yield out;
            }
            case null, default -> value;
        };
    }

    @Override
    public String toString() {
        return "TenantNamespace[" + tenant + "]";
    }
}
