package dev.annvil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RecallTest {
    // 2 queries, k = 3. Query 0: result {5, 2, 9} vs reference {2, 5, 7}: 2 hits. Query 1: {1, 3, 4} vs
    // {4, 3, 1} (same set, other order): 3 hits. Recall = 5 / 6.
    private static final long[] RESULT = {5, 2, 9, 1, 3, 4};
    private static final long[] REFERENCE = {2, 5, 7, 4, 3, 1};

    @Test
    void recallCountsSharedLabelsPerQueryInAnyOrder() {
        assertThat(Recall.recallAtK(RESULT, REFERENCE, 2, 3)).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(Recall.recallAtK(REFERENCE, REFERENCE, 2, 3)).isEqualTo(1.0);
        assertThat(Recall.recallAtK(new long[] {-1, -1, -1}, new long[] {-1, -1, -1}, 1, 3))
                .isZero();
    }

    @Test
    void tiesAtTheKthDistanceCountAsHits() {
        // Query 0: label 9 is not in the reference, but its distance equals that of the reference's
        // farthest neighbour 7 (a tie), so it counts: 6 / 6. With 9 farther than 7 it does not: 5 / 6.
        long[] dist = new long[10];
        dist[2] = 1;
        dist[5] = 2;
        dist[7] = 4;
        dist[9] = 4;
        assertThat(Recall.recallAtKWithTies(RESULT, REFERENCE, 2, 3, (q, label) -> q == 0 ? dist[(int) label] : 0))
                .isEqualTo(1.0);
        dist[9] = 5;
        assertThat(Recall.recallAtKWithTies(RESULT, REFERENCE, 2, 3, (q, label) -> q == 0 ? dist[(int) label] : 0))
                .isCloseTo(5.0 / 6, within(1e-12));
    }

    @Test
    void statsAreMedianAndNearestRankPercentiles() {
        double[] s = {5, 1, 4, 2, 3};
        assertThat(Stats.median(s)).isEqualTo(3);
        assertThat(Stats.median(new double[] {4, 1, 2, 3})).isEqualTo(2.5);
        assertThat(Stats.percentile(s, 50)).isEqualTo(3);
        assertThat(Stats.percentile(s, 99)).isEqualTo(5);
        assertThat(Stats.min(s)).isEqualTo(1);
        assertThat(Stats.max(s)).isEqualTo(5);
    }
}
