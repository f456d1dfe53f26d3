package dev.annvil.server.zmq;

import dev.annvil.protocol.FloatMatrix;
import dev.annvil.protocol.WireTypes;
import dev.annvil.server.service.ErrorCode;
import dev.annvil.server.service.ServiceException;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * Typed reads of FAISSx request fields (faissx-protocol.md §9). Absent fields (and nil where the
 * reference treats nil as absent) take the given default; a present field of the wrong type is a
 * {@link ServiceException} INVALID_ARGUMENT naming the field and the value, e.g. {@code k must be
 * an integer, got str "abc"}. Numbers may arrive as ints or floats (§3.3): integer fields accept
 * floats with an integral value.
 */
final class RequestFields {
    private RequestFields() {}

    static String string(Map<String, Object> req, String key, String dflt) {
        Object v = req.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return s;
        }
        throw invalid(key + " must be a str, got " + WireTypes.describe(v));
    }

    /** An integer field as a long. */
    static long integer(Map<String, Object> req, String key, long dflt) {
        Object v = req.get(key);
        if (v == null) {
            return dflt;
        }
        return toLong(key, v);
    }

    private static long toLong(String key, Object v) {
        switch (v) {
            case Long l -> {
                return l;
            }
            case Double d
            when d == Math.rint(d) && Math.abs(d) < 0x1p63 -> {
                return d.longValue();
            }
            case BigInteger b -> throw invalid(key + "=" + b + " is out of the signed 64-bit range");
            default -> throw invalid(key + " must be an integer, got " + WireTypes.describe(v));
        }
    }

    /** A numeric field as a double. */
    static double number(Map<String, Object> req, String key, double dflt) {
        Object v = req.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Long || v instanceof Double) {
            return ((Number) v).doubleValue();
        }
        throw invalid(key + " must be a number, got " + WireTypes.describe(v));
    }

    /** A vector batch; absent or nil is an empty batch (width 0, reported as a dimension mismatch). */
    static FloatMatrix matrix(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) {
            return new FloatMatrix(0, 0, new float[0]);
        }
        try {
            return FloatMatrix.from(key, v);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    /** A list of integer ids (floats truncated toward zero, as the reference does), or null if absent. */
    static long[] ids(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw invalid(key + " must be an array of integers, got " + WireTypes.describe(v));
        }
        long[] ids = new long[list.size()];
        for (int i = 0; i < ids.length; i++) {
            Object x = list.get(i);
            if (x instanceof Double d && Double.isFinite(d) && Math.abs(d) < 0x1p63) {
                ids[i] = d.longValue();
            } else if (x instanceof Long l) {
                ids[i] = l;
            } else {
                throw invalid(key + "[" + i + "] must be an integer, got " + WireTypes.describe(x));
            }
        }
        return ids;
    }

    /** A map field (e.g. search {@code params}), or null if absent. */
    static Map<?, ?> map(Map<String, Object> req, String key) {
        Object v = req.get(key);
        if (v == null || v instanceof Map<?, ?>) {
            return (Map<?, ?>) v;
        }
        throw invalid(key + " must be a map, got " + WireTypes.describe(v));
    }

    /** Python truthiness of a decoded value. */
    static boolean truthy(Object v) {
        return switch (v) {
            case null -> false;
            case Boolean b -> b;
            case Long l -> l != 0;
            case Double d -> d != 0;
            case String s -> !s.isEmpty();
            case List<?> l -> !l.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            case FloatMatrix m -> m.rows() > 0;
            default -> true;
        };
    }

    static ServiceException invalid(String message) {
        return new ServiceException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
