package dev.annvil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
    void harnessRecallsOnAHandCheckedExample() {
        // 3 queries, k = 3 results each, ground truth of 4 ids per query (nearest first).
        //   q0: result {4, 1, 9}, truth {1, 4, 7, 8}: first result 4 != 1 -> R@1 miss; 1 within top 3 -> R@3 hit;
        //       3-recall@3 = |{4,1,9} & {1,4,7}| / 3 = 2/3.
        //   q1: result {5, 6, 7}, truth {5, 6, 7, 0}: R@1 hit, R@3 hit, 3/3.
        //   q2: result {2, 2, -1}, truth {3, 2, 1, 0}: R@1 miss, R@3 miss (3 absent), {2} & {3,2,1} -> 1/3
        //       (the duplicate 2 counts once; -1 never counts).
        long[] result = {4, 1, 9, 5, 6, 7, 2, 2, -1};
        int[] gt = {1, 4, 7, 8, 5, 6, 7, 0, 3, 2, 1, 0};
        assertThat(Recall.oneRecallAtR(result, 3, gt, 4, 3, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Recall.oneRecallAtR(result, 3, gt, 4, 3, 3)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Recall.recallRAtR(result, 3, gt, 4, 3, 3)).isCloseTo((2.0 / 3 + 1 + 1.0 / 3) / 3, within(1e-12));
        // 1-recall@1 equals 1-recall@r at r = 1 and r-recall@r at r = 1.
        assertThat(Recall.recallRAtR(result, 3, gt, 4, 3, 1)).isCloseTo(1.0 / 3, within(1e-12));
        assertThatThrownBy(() -> Recall.recallRAtR(result, 3, gt, 4, 3, 4)).hasMessageContaining("r=4");
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
