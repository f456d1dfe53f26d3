package dev.annvil.impl;

import java.util.Arrays;

/**
 * Where a graph search puts the nodes it accepts: the k nearest ({@link Knn}) or every node within
 * a radius ({@link Range}). Distances are in "smaller is nearer" form (squared L2 or negated inner
 * product). A node is offered only if its distance is strictly below {@link #threshold}.
 *
 * <p>Not thread-safe: one per thread, reused across queries.
 *
 * @see <a href="https://github.com/facebookresearch/faiss/blob/main/faiss/impl/ResultHandler.h">faiss/impl/ResultHandler.h</a>
 */
public abstract sealed class HNSWResultHandler {
    /** Distances at or above this are not offered. */
    float threshold;

    private HNSWResultHandler() {}

    /** Number of results wanted (1 for range search, as in FAISS). */
    abstract int k();

    /** Adds node id at distance dis if dis is below the threshold (used by exact scans). */
    public final void offer(float dis, int id) {
        if (dis < threshold) {
            addResult(dis, id);
        }
    }

    /** Offers a node whose distance is below {@link #threshold}. */
    abstract void addResult(float dis, int id);

    /**
     * The k nearest, kept in a {@link ResultHeap} slice of the caller's output arrays: query q of a
     * batch writes {@code distances/labels[q * k .. q * k + k)}.
     */
    public static final class Knn extends HNSWResultHandler {
        private final int k;
        private float[] distances;
        private long[] labels;
        private int base;

        /** @param k results per query */
        public Knn(int k) {
            this.k = k;
        }

        /** Starts a query writing into distances/labels at base (fills it with padding). */
        public void begin(float[] distances, long[] labels, int base) {
            this.distances = distances;
            this.labels = labels;
            this.base = base;
            ResultHeap.init(distances, labels, base, k);
            threshold = Float.MAX_VALUE;
        }

        /** Sorts the slice nearest first; negated distances become inner products when {@code negate}. */
        public void end(boolean negate) {
            ResultHeap.sort(distances, labels, base, k, negate);
        }

        @Override
        int k() {
            return k;
        }

        @Override
        void addResult(float dis, int id) {
            ResultHeap.push(distances, labels, base, k, dis, id);
            threshold = distances[base];
        }
    }

    /** Every node below a radius, in the order they are found. */
    public static final class Range extends HNSWResultHandler {
        private float[] distances = new float[16];
        private long[] labels = new long[16];
        private int count;

        /** Starts a query: results are the nodes whose distance is strictly below radius. */
        public void begin(float radius) {
            threshold = radius;
            count = 0;
        }

        /** Number of results of the current query. */
        public int count() {
            return count;
        }

        /** A copy of the labels found. */
        public long[] labels() {
            return Arrays.copyOf(labels, count);
        }

        /** A copy of the distances found, negated when {@code negate} (inner product). */
        public float[] distances(boolean negate) {
            float[] out = Arrays.copyOf(distances, count);
            if (negate) {
                for (int i = 0; i < count; i++) {
                    out[i] = -out[i];
                }
            }
            return out;
        }

        @Override
        int k() {
            return 1;
        }

        @Override
        void addResult(float dis, int id) {
            if (count == labels.length) {
                labels = Arrays.copyOf(labels, count * 2);
                distances = Arrays.copyOf(distances, count * 2);
            }
            labels[count] = id;
            distances[count++] = dis;
        }
    }
}
