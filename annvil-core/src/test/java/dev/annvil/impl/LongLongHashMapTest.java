package dev.annvil.impl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LongLongHashMapTest {
    @Test
    void agreesWithHashMapUnderRandomOperations() {
        long seed = 99;
        Random r = new Random(seed);
        LongLongHashMap map = new LongLongHashMap(4);
        Map<Long, Long> ref = new HashMap<>();
        for (int op = 0; op < 200_000; op++) {
            long key = r.nextInt(5000) - 100; // negatives and clustered keys
            switch (r.nextInt(3)) {
                case 0 -> {
                    long v = r.nextLong();
                    map.put(key, v);
                    ref.put(key, v);
                }
                case 1 ->
                    assertThat(map.remove(key)).as("seed %d op %d", seed, op).isEqualTo(ref.remove(key) != null);
                default ->
                    assertThat(map.get(key, Long.MIN_VALUE))
                            .as("seed %d op %d", seed, op)
                            .isEqualTo(ref.getOrDefault(key, Long.MIN_VALUE));
            }
            assertThat(map.size()).isEqualTo(ref.size());
        }
        Map<Long, Long> seen = new HashMap<>();
        map.forEach(seen::put);
        assertThat(seen).isEqualTo(ref);
    }
}
