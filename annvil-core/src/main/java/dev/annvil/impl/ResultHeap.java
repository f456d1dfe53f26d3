package dev.annvil.impl;

/**
 * Bounded max-heaps that keep the k smallest (distance, label) pairs, one heap per query, stored
 * in slices of flat arrays: heap q occupies {@code [q * k, q * k + k)} of {@code distances} and
 * {@code labels}. Inner-product callers negate distances so that "smaller is better" holds.
 *
 * <p>A candidate enters only if strictly smaller than the current worst (FAISS's rule), so among
 * equal distances the first one seen is kept. No allocation; not thread-safe per slice.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/utils/Heap.h">faiss/utils/Heap.h</a>
 */
public final class ResultHeap {
    private ResultHeap() {}

    /** Fills heap slice {@code [base, base + k)} with (+Float.MAX_VALUE, -1). */
    public static void init(float[] distances, long[] labels, int base, int k) {
        java.util.Arrays.fill(distances, base, base + k, Float.MAX_VALUE);
        java.util.Arrays.fill(labels, base, base + k, -1L);
    }

    /**
     * Offers (dis, label) to the heap at {@code base}; kept only if dis is strictly below the
     * current worst, which it then replaces.
     */
    public static void push(float[] distances, long[] labels, int base, int k, float dis, long label) {
        if (!(dis < distances[base])) {
            return;
        }
        // sift down from the root, replacing the worst element
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= k) {
                break;
            }
            int right = left + 1;
            int child = left;
            if (right < k
                    && greater(
                            distances[base + right],
                            labels[base + right],
                            distances[base + left],
                            labels[base + left])) {
                child = right;
            }
            if (!greater(distances[base + child], labels[base + child], dis, label)) {
                break;
            }
            distances[base + i] = distances[base + child];
            labels[base + i] = labels[base + child];
            i = child;
        }
        distances[base + i] = dis;
        labels[base + i] = label;
    }

    /** Current worst (largest) distance of the heap at base: the admission threshold. */
    public static float top(float[] distances, int base) {
        return distances[base];
    }

    /**
     * Turns the heap at base into a list sorted ascending by (distance, label); padding entries
     * (+Float.MAX_VALUE, -1) end up last. If {@code negate}, distances are negated afterwards
     * (inner product: largest first, padding -Float.MAX_VALUE).
     */
    public static void sort(float[] distances, long[] labels, int base, int k, boolean negate) {
        // heap sort: repeatedly move the max to the end
        for (int end = k - 1; end > 0; end--) {
            float d = distances[base + end];
            long l = labels[base + end];
            distances[base + end] = distances[base];
            labels[base + end] = labels[base];
            siftDown(distances, labels, base, end, d, l);
        }
        if (negate) {
            for (int i = base; i < base + k; i++) {
                distances[i] = -distances[i];
            }
        }
    }

    private static void siftDown(float[] distances, long[] labels, int base, int size, float dis, long label) {
        int i = 0;
        while (true) {
            int left = 2 * i + 1;
            if (left >= size) {
                break;
            }
            int right = left + 1;
            int child = left;
            if (right < size
                    && greater(
                            distances[base + right],
                            labels[base + right],
                            distances[base + left],
                            labels[base + left])) {
                child = right;
            }
            if (!greater(distances[base + child], labels[base + child], dis, label)) {
                break;
            }
            distances[base + i] = distances[base + child];
            labels[base + i] = labels[base + child];
            i = child;
        }
        distances[base + i] = dis;
        labels[base + i] = label;
    }

    /** Heap order: larger distance first; on equal distance the larger label, with -1 (padding) largest of all. */
    private static boolean greater(float d1, long l1, float d2, long l2) {
        if (d1 != d2) {
            return d1 > d2;
        }
        return Long.compareUnsigned(l1, l2) > 0;
    }
}
