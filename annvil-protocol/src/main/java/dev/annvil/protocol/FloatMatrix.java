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

    /**
     * Converts a decoded wire value to a matrix: a {@link FloatMatrix} is returned as is; a list of
     * lists of numbers (ints or floats) is copied to float32; an empty list is 0 rows of width 0.
     *
     * @param field the request field, named in error messages
     * @param value the decoded value
     * @throws IllegalArgumentException naming the field when the value is not a list of equally long
     *     lists of numbers: "vectors must be an array of arrays of numbers, got str", "vectors has
     *     ragged rows: row 1 has 3 components but row 0 has 4", "vectors[1][2] is not a number: str"
     */
    public static FloatMatrix from(String field, Object value) {
        if (value instanceof FloatMatrix m) {
            return m;
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
