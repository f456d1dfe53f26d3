package dev.annvil.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResultHeapTest {
    @Test
    void keepsTheKSmallestSorted() {
        long seed = 42;
        Random r = new Random(seed);
        int k = 7;
        float[] all = new float[1000];
        float[] hd = new float[3 + k];
        long[] hl = new long[3 + k];
        ResultHeap.init(hd, hl, 3, k);
        for (int i = 0; i < all.length; i++) {
            all[i] = r.nextInt(500); // many ties
            ResultHeap.push(hd, hl, 3, k, all[i], i);
        }
        ResultHeap.sort(hd, hl, 3, k, false);
        float[] sorted = all.clone();
        Arrays.sort(sorted);
        assertThat(Arrays.copyOfRange(hd, 3, 3 + k)).as("seed=%d", seed).containsExactly(Arrays.copyOf(sorted, k));
        for (int j = 0; j < k; j++) {
            assertThat(all[(int) hl[3 + j]]).isEqualTo(hd[3 + j]);
        }
        // ties in distance come out by ascending label
        for (int j = 1; j < k; j++) {
            if (hd[3 + j] == hd[3 + j - 1]) {
                assertThat(hl[3 + j]).isGreaterThan(hl[3 + j - 1]);
            }
        }
    }

    @Test
    void padsWhenFewerThanK() {
        float[] hd = new float[5];
        long[] hl = new long[5];
        ResultHeap.init(hd, hl, 0, 5);
        ResultHeap.push(hd, hl, 0, 5, 3f, 9);
        ResultHeap.push(hd, hl, 0, 5, -1f, 4);
        ResultHeap.sort(hd, hl, 0, 5, true);
        assertThat(hl).containsExactly(4, 9, -1, -1, -1);
        assertThat(hd).containsExactly(1f, -3f, -Float.MAX_VALUE, -Float.MAX_VALUE, -Float.MAX_VALUE);
    }
}
