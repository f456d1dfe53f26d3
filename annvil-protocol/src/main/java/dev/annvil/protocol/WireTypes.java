package dev.annvil.protocol;

import java.util.List;
import java.util.Map;

/** Names of decoded wire values for error messages ("str \"abc\"", "float 2.5", "nil"). */
public final class WireTypes {
    private static final int MAX_SHOWN = 60;

    private WireTypes() {}

    /** The msgpack type name of a decoded value: nil, bool, int, float, str, bin, array, map. */
    public static String typeName(Object value) {
        return switch (value) {
            case null -> "nil";
            case Boolean b -> "bool";
            case Long l -> "int";
            case java.math.BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case byte[] b -> "bin";
            case List<?> l -> "array";
            case FloatMatrix m -> "array";
            case Map<?, ?> m -> "map";
            default -> value.getClass().getSimpleName();
        };
    }

    /** The type name followed by a short rendering of scalar values: {@code str "abc"}, {@code int 5}. */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "nil";
            case String s -> "str \"" + (s.length() > MAX_SHOWN ? s.substring(0, MAX_SHOWN) + "..." : s) + "\"";
            case Boolean b -> "bool " + b;
            case Number n -> typeName(value) + " " + n;
            case List<?> l -> "array of " + l.size();
            case FloatMatrix m -> "array of " + m.rows();
            default -> typeName(value);
        };
    }
}
