package dev.annvil.protocol;

import java.util.List;
import java.util.Objects;

/**
 * A batch of vectors on the wire: a msgpack array of {@code rows} arrays of {@code width} numbers,
 * held row-major as one {@code float[]} (component j of row i is {@code data[i * width + j]}).
 *
 * <p>Decoding produces it directly for vector fields (no boxing); encoding writes each component
 * as a msgpack float32 (faissx-protocol.md §6.1).
 *
 * @param rows number of vectors (n)
 * @param width components per vector (d); 0 when every row is empty
 * @param data rows * width floats, row-major
 */
public record FloatMatrix(int rows, int width, float[] data) {
    /** @throws IllegalArgumentException if rows or width is negative or data is not rows * width long */
    public FloatMatrix {
        Objects.requireNonNull(data, "data is null");
        if (rows < 0 || width < 0 || (long) rows * width != data.length) {
            throw new IllegalArgumentException(
                    "FloatMatrix: rows=" + rows + ", width=" + width + " but data.length=" + data.length);
        }
    }

    /** The accepted {@code dtype}s of the binary batch extension: little-endian float32. */
    public static final java.util.Set<String> FLOAT32_DTYPES = java.util.Set.of("float32", "<f4");

    /** n*d*4, or -1 if n or d is negative or the product exceeds Integer.MAX_VALUE (no overflow). */
    static long float32Bytes(long n, long d) {
        if (n < 0 || d < 0) {
            return -1;
        }
        if (n == 0 || d == 0) {
            return 0;
        }
        return n > Integer.MAX_VALUE / 4 / d ? -1 : n * d * 4;
    }

    /** Whether a binary batch's dtype is little-endian float32. */
    static boolean isFloat32(String dtype) {
        return dtype != null && FLOAT32_DTYPES.contains(dtype);
    }

    /**
     * Converts a decoded wire value to a matrix: a {@link FloatMatrix} is returned as is; a list of
     * lists of numbers (ints or floats) is copied to float32; an empty list is 0 rows of width 0. A
     * map is the binary batch extension (docs/faissx-extensions.md), {@code {"dtype": "float32",
     * "shape": [n, d], "data": <bin of n*d little-endian float32>}}; well-formed ones are decoded by
     * {@link MsgpackCodec} already, so a map here has something wrong, which the exception names.
     *
     * @param field the request field, named in error messages
     * @param value the decoded value
     * @throws IllegalArgumentException naming the field when the value is not a list of equally long
     *     lists of numbers: "vectors must be an array of arrays of numbers, got str", "vectors has
     *     ragged rows: row 1 has 3 components but row 0 has 4", "vectors[1][2] is not a number: str",
     *     or not a valid binary batch: "vectors: data has 12 bytes, but shape [2, 4] of float32
     *     needs 32"
     */
    public static FloatMatrix from(String field, Object value) {
        if (value instanceof FloatMatrix m) {
            return m;
        }
        if (value instanceof java.util.Map<?, ?> map) {
            return fromBinary(field, map);
        }
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException(
                    field + " must be an array of arrays of numbers, got " + WireTypes.describe(value));
        }
        int rows = list.size();
        if (rows == 0) {
            return new FloatMatrix(0, 0, new float[0]);
        }
        int width = -1;
        float[] data = null;
        for (int i = 0; i < rows; i++) {
            if (!(list.get(i) instanceof List<?> row)) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] must be an array of numbers, got " + WireTypes.describe(list.get(i)));
            }
            if (i == 0) {
                width = row.size();
                data = new float[Math.multiplyExact(rows, width)];
            } else if (row.size() != width) {
                throw new IllegalArgumentException(field + " has ragged rows: row " + i + " has " + row.size()
                        + " components but row 0 has " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!(row.get(j) instanceof Number num) || row.get(j) instanceof Boolean) {
                    throw new IllegalArgumentException(
                            field + "[" + i + "][" + j + "] is not a number: " + WireTypes.describe(row.get(j)));
                }
                data[i * width + j] = num.floatValue();
            }
        }
        return new FloatMatrix(rows, width, data);
    }

    private static FloatMatrix fromBinary(String field, java.util.Map<?, ?> map) {
        String what = field + ": a binary vector batch {\"dtype\": \"float32\", \"shape\": [n, d], \"data\": <bin>}";
        for (Object key : map.keySet()) {
            if (!java.util.Set.of("dtype", "shape", "data").contains(key)) {
                throw new IllegalArgumentException(what + " has no key \"" + key + "\"");
            }
        }
        for (String key : new String[] {"dtype", "shape", "data"}) {
            if (!map.containsKey(key)) {
                throw new IllegalArgumentException(what + " needs the key \"" + key + "\"");
            }
        }
        if (!(map.get("dtype") instanceof String dtype) || !isFloat32(dtype)) {
            throw new IllegalArgumentException(field + ": dtype must be \"float32\" or \"<f4\" (little-endian),"
                    + " got " + WireTypes.describe(map.get("dtype")));
        }
        if (!(map.get("shape") instanceof List<?> shape)
                || shape.size() != 2
                || !(shape.get(0) instanceof Long n)
                || !(shape.get(1) instanceof Long d)
                || n < 0
                || d < (n > 0 ? 1 : 0)) {
            throw new IllegalArgumentException(field
                    + ": shape must be [n, d] of two non-negative ints (d > 0 when n > 0), got "
                    + WireTypes.describe(map.get("shape")) + (map.get("shape") instanceof List<?> l ? " " + l : ""));
        }
        if (!(map.get("data") instanceof byte[] bytes)) {
            throw new IllegalArgumentException(
                    field + ": data must be msgpack bin, got " + WireTypes.describe(map.get("data")));
        }
        long needed = float32Bytes(n, d);
        if (needed != bytes.length) {
            throw new IllegalArgumentException(field + ": data has " + bytes.length + " bytes, but shape [" + n + ", "
                    + d + "] of float32 needs " + (needed < 0 ? "more than 2^31" : Long.toString(needed)));
        }
        float[] data = new float[bytes.length / 4];
        java.nio.ByteBuffer.wrap(bytes)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(data);
        return new FloatMatrix((int) (long) n, (int) (long) d, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMatrix m
                && rows == m.rows
                && width == m.width
                && java.util.Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + width) + java.util.Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatMatrix[rows=" + rows + ", width=" + width + "]";
    }
}
