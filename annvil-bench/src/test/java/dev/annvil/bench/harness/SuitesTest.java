package dev.annvil.bench.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SuitesTest {
    @Test
    void suitesNameTheFaissFactoryStrings() {
        assertThat(Suites.of("flat", 60_000, 784, false))
                .extracting(IndexSpec::factory)
                .containsExactly("Flat");
        assertThat(Suites.of("ivf", 60_000, 784, false))
                .extracting(IndexSpec::factory)
                .containsExactly("IVF256,Flat", "IVF256,PQ16", "IVF256,SQ8");
        assertThat(Suites.of("hnsw", 100_000, 128, false))
                .extracting(IndexSpec::factory)
                .containsExactly("HNSW16", "HNSW32");
        assertThat(Suites.of("all", 1_000_000, 128, false)).hasSize(6);
        assertThat(Suites.of("ivf", 1_000_000, 128, false).getFirst().factory()).isEqualTo("IVF1024,Flat");
        assertThat(Suites.of("ivf", 60_000, 784, false).getFirst().sweep())
                .containsExactly(1, 2, 4, 8, 16, 32, 64, 128, 256);
        assertThat(Suites.of("hnsw", 5_000, 128, true).getFirst().sweep()).containsExactly(10, 40, 160);
        assertThat(Suites.pqM(100)).isEqualTo(4);
        assertThatThrownBy(() -> Suites.of("pq", 1, 1, false)).hasMessageContaining("unknown suite 'pq'");
    }
}
