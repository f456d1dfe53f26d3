package dev.annvil.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RandomGeneratorTest {
    /** C++11 requires the 10,000th output of a default-seeded std::mt19937 (seed 5489) to be 4123659995. */
    @Test
    void matchesStdMt19937() {
        RandomGenerator rng = new RandomGenerator(5489);
        long v = 0;
        for (int i = 0; i < 10_000; i++) {
            v = rng.next();
        }
        assertThat(v).isEqualTo(4123659995L);
    }

    @Test
    void derivedValuesAreInRange() {
        RandomGenerator rng = new RandomGenerator(12345);
        for (int i = 0; i < 100_000; i++) {
            assertThat(rng.randFloat()).isBetween(0f, 1f);
            assertThat(rng.randInt(7)).isBetween(0, 6);
        }
    }
}
