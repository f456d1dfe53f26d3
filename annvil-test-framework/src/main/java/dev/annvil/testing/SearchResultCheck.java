package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.annvil.Index;
import dev.annvil.MetricType;
import java.util.function.LongToIntFunction;

/** Assertions on search results shared by the conformance tests. */
public final class SearchResultCheck {
    private SearchResultCheck() {}

    /** Every reported distance equals the true distance of its label (relative 1e-4). */
    public static void check(
            Index index,
            float[] xq,
            int nq,
            int k,
            float[] xb,
            int d,
            MetricType metric,
            LongToIntFunction positionOf) {
        float[] distances = new float[nq * k];
        long[] labels = new long[nq * k];
        index.search(nq, xq, k, distances, labels);
        for (int q = 0; q < nq; q++) {
            for (int j = 0; j < k; j++) {
                long label = labels[q * k + j];
                assertThat(label).as("query %d rank %d", q, j).isNotNegative();
                double truth = BruteForce.distance(metric, xq, q * d, xb, positionOf.applyAsInt(label) * d, d);
                assertThat((double) distances[q * k + j])
                        .as("query %d rank %d label %d", q, j, label)
                        .isCloseTo(truth, within(1e-4 * Math.max(1.0, Math.abs(truth))));
            }
        }
    }

    /** Searching for {@code query} never returns any of {@code forbidden}. */
    public static void assertNotReturned(Index index, float[] query, int k, long[] forbidden) {
        long[] labels = new long[k];
        index.search(1, query, k, new float[k], labels);
        for (long f : forbidden) {
            assertThat(labels).doesNotContain(f);
        }
    }
}
