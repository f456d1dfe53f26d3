package dev.annvil.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HNSWTest {
    @Test
    void defaultProbasAreFaissOnes() {
        HNSW hnsw = new HNSW(32);
        double[] p = hnsw.assignProbas();
        int[] cum = hnsw.cumNneighborPerLevel();
        // levelMult = 1 / ln 32: p_l = 32^-l * (1 - 1/32), kept while >= 1e-9: levels 0..5
        assertThat(p).hasSize(6);
        for (int l = 0; l < p.length; l++) {
            assertThat(p[l]).isCloseTo(Math.pow(32, -l) * (1 - 1.0 / 32), within(1e-5 * Math.pow(32, -l)));
        }
        assertThat(cum).containsExactly(0, 64, 96, 128, 160, 192, 224);
        assertThat(hnsw.nbNeighbors(0)).isEqualTo(64);
        assertThat(hnsw.nbNeighbors(1)).isEqualTo(32);
    }

    /** Drawn level frequencies match assign_probas within 5 standard deviations. */
    @Test
    void levelDistributionMatchesProbas() {
        for (int m : new int[] {4, 16, 32}) {
            HNSW hnsw = new HNSW(m);
            double[] p = hnsw.assignProbas();
            int n = 200_000;
            int[] count = new int[p.length];
            for (int i = 0; i < n; i++) {
                count[hnsw.randomLevel()]++;
            }
            for (int l = 0; l < p.length; l++) {
                double sd = Math.sqrt(n * p[l] * (1 - p[l]));
                assertThat((double) count[l])
                        .as("M=%d level %d: %d draws, expected %.1f", m, l, count[l], n * p[l])
                        .isCloseTo(n * p[l], within(5 * sd + 1));
            }
        }
    }

    @Test
    void prepareLevelTabLaysOutListsAsFaiss() {
        HNSW hnsw = new HNSW(8);
        int maxLevel = hnsw.prepareLevelTab(1000);
        int[] levels = hnsw.levels();
        long[] offsets = hnsw.offsets();
        int[] cum = hnsw.cumNneighborPerLevel();
        int highest = 0;
        assertThat(offsets[0]).isZero();
        for (int i = 0; i < 1000; i++) {
            assertThat(levels[i]).isGreaterThanOrEqualTo(1);
            highest = Math.max(highest, levels[i] - 1);
            assertThat(offsets[i + 1] - offsets[i]).isEqualTo(cum[levels[i]]);
        }
        assertThat(maxLevel).isEqualTo(highest);
        assertThat(hnsw.neighbors()).hasSize((int) offsets[1000]).containsOnly(-1);
        assertThat(hnsw.entryPoint()).isEqualTo(-1);
    }
}
