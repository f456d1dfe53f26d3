package dev.annvil.testing;

/**
 * {@link IndexIVFFlatConformanceTest} with nprobe = 2 of 8 lists: approximate. On the suite's
 * uniform random data (d = 37, the hardest case for an IVF: no cluster structure) 10-recall@10 is
 * 0.47 (seed 659943); the floor leaves a margin.
 */
class IndexIVFFlatNprobe2ConformanceTest extends IndexIVFFlatConformanceTest {
    @Override
    protected int nprobe() {
        return 2;
    }

    @Override
    protected double recallFloor() {
        return 0.40;
    }
}
