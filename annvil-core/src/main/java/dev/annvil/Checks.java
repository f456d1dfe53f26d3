package dev.annvil;

/** Argument checks shared by the indexes: each failure names the parameter and its value. */
public final class Checks {
    private Checks() {}

    /** @throws IllegalArgumentException if value &lt; 1 */
    public static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + "=" + value + " must be >= 1");
        }
    }

    /** @throws IllegalArgumentException if value &lt; 0 */
    public static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + "=" + value + " must be >= 0");
        }
    }

    /** @throws IllegalArgumentException if the array is null or shorter than {@code needed}. */
    public static void length(String name, float[] array, long needed) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (array.length < needed) {
            throw new IllegalArgumentException(
                    name + ".length=" + array.length + " but " + needed + " floats are needed");
        }
    }

    /** @throws IllegalArgumentException if the array is null or shorter than {@code needed}. */
    public static void length(String name, long[] array, long needed) {
        if (array == null) {
            throw new IllegalArgumentException(name + " is null");
        }
        if (array.length < needed) {
            throw new IllegalArgumentException(
                    name + ".length=" + array.length + " but " + needed + " longs are needed");
        }
    }

    /** Checks a batch: n &gt;= 0 and x holds n * d floats. */
    public static void batch(int n, float[] x, int d) {
        nonNegative("n", n);
        length("x", x, (long) n * d);
    }

    /**
     * Number of rows of a row-major batch.
     *
     * @throws IllegalArgumentException if x.length is not a multiple of d
     */
    public static int rows(float[] x, int d) {
        if (x == null) {
            throw new IllegalArgumentException("x is null");
        }
        if (x.length % d != 0) {
            throw new IllegalArgumentException("d=" + d + " but x.length=" + x.length + " is not a multiple of d");
        }
        return x.length / d;
    }

    /** Checks that [start, start+count) lies inside [0, size). */
    public static void range(String name, long start, long count, long size) {
        if (start < 0 || count < 0 || start + count > size) {
            throw new IllegalArgumentException(
                    name + "=" + start + " with count " + count + " is outside the " + size + " stored vectors");
        }
    }
}
