package dev.annvil.server.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * API keys and whether they are enforced (faissx-protocol.md §5.1).
 *
 * <p>Authentication is {@linkplain #active() active} only when it is enabled <em>and</em> at least
 * one key is configured: {@code --enable-auth} without keys lets everything through (the server
 * logs a warning), keys without {@code --enable-auth} are ignored.
 *
 * <p>Each key maps to one tenant; the tenant names the namespace of the key's indexes (see {@link
 * TenantNamespace}). Tenants must not contain {@link TenantNamespace#SEPARATOR} or control
 * characters, keys must be 1..256 characters (longer keys could never be accepted, §5.2).
 *
 * <p>{@link #toString()} never shows keys.
 *
 * @param enabled {@code --enable-auth} / FAISSX_ENABLE_AUTH
 * @param keys API key -&gt; tenant id (copied, unmodifiable; a key mapped to "" is never accepted)
 */
public record AuthConfig(boolean enabled, Map<String, String> keys) {
    /** Longest API key a request may carry (§5.2 check 2). */
    public static final int MAX_KEY_LENGTH = 256;
    /** Longest tenant_id a request may carry (§5.2 check 4). */
    public static final int MAX_TENANT_LENGTH = 128;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @throws IllegalArgumentException if a key is empty or too long, or a tenant contains the
     *     namespace separator or a control character
     */
    public AuthConfig {
        Objects.requireNonNull(keys, "keys is null");
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : keys.entrySet()) {
            String key = Objects.requireNonNull(e.getKey(), "API key is null");
            String tenant = Objects.requireNonNull(e.getValue(), "tenant is null");
            if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
                throw new IllegalArgumentException("API keys must have 1.." + MAX_KEY_LENGTH + " characters; one has "
                        + key.length() + " (tenant \"" + tenant + "\")");
            }
            checkTenant(tenant);
            copy.put(key, tenant);
        }
        keys = Collections.unmodifiableMap(copy);
    }

    /** No authentication. */
    public static AuthConfig disabled() {
        return new AuthConfig(false, Map.of());
    }

    /** Enforced authentication with these keys. */
    public static AuthConfig of(Map<String, String> keys) {
        return new AuthConfig(true, keys);
    }

    /** Whether requests are authenticated: enabled and at least one key. */
    public boolean active() {
        return enabled && !keys.isEmpty();
    }

    private static void checkTenant(String tenant) {
        if (tenant.length() > MAX_TENANT_LENGTH) {
            throw new IllegalArgumentException("tenant \"" + tenant.substring(0, 20) + "...\" is longer than "
                    + MAX_TENANT_LENGTH + " characters");
        }
        for (int i = 0; i < tenant.length(); i++) {
            char c = tenant.charAt(i);
            if (c == TenantNamespace.SEPARATOR || Character.isISOControl(c)) {
                throw new IllegalArgumentException(String.format(
                        "tenant \"%s\" contains the character U+%04X, which tenants may not contain", tenant, (int) c));
            }
        }
    }

    /**
     * Parses {@code --auth-keys}: comma-separated {@code key:tenant} pairs, each split at its first
     * ':' and trimmed (faissx-protocol.md §12.1).
     *
     * @throws IllegalArgumentException naming the bad pair (by position, never showing the key):
     *     a pair without ':', with an empty key or tenant, or a key given twice
     */
    public static Map<String, String> parseKeyList(String list) {
        Map<String, String> keys = new LinkedHashMap<>();
        String[] pairs = list.split(",", -1);
        for (int i = 0; i < pairs.length; i++) {
            String pair = pairs[i];
            int colon = pair.indexOf(':');
            String where = "--auth-keys pair " + (i + 1) + " of " + pairs.length;
            if (colon < 0) {
                throw new IllegalArgumentException(where + " has no ':' (expected key:tenant)");
            }
            String key = pair.substring(0, colon).strip();
            String tenant = pair.substring(colon + 1).strip();
            if (key.isEmpty() || tenant.isEmpty()) {
                throw new IllegalArgumentException(
                        where + " has an empty " + (key.isEmpty() ? "key" : "tenant") + " (expected key:tenant)");
            }
            if (keys.put(key, tenant) != null) {
                throw new IllegalArgumentException(where + " repeats an API key given earlier");
            }
        }
        return keys;
    }

    /**
     * Reads {@code --auth-file}: a JSON object mapping API key (string) to tenant id (string).
     *
     * @throws IllegalArgumentException naming the file when it is missing, unreadable, not JSON, not
     *     an object, or has a non-string value
     */
    public static Map<String, String> readKeyFile(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read auth file " + file + ": " + e, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "auth file " + file + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(
                    "auth file " + file + " must hold a JSON object {\"<api key>\": \"<tenant>\", ...}");
        }
        Map<String, String> keys = new LinkedHashMap<>();
        int[] position = {0};
        root.properties().forEach(e -> {
            position[0]++;
            if (!e.getValue().isString()) {
                throw new IllegalArgumentException("auth file " + file + ": entry " + position[0] + " maps a key to "
                        + e.getValue().getNodeType() + ", expected a string tenant");
            }
            keys.put(e.getKey(), e.getValue().stringValue());
        });
        return keys;
    }

    @Override
    public String toString() {
        return "AuthConfig[enabled=" + enabled + ", keys=" + keys.size() + " (not shown), tenants="
                + keys.values().stream().distinct().sorted().toList() + "]";
    }
}
