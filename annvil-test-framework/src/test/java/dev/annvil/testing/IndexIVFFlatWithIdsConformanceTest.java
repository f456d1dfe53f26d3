package dev.annvil.testing;

/** {@link IndexIVFFlatConformanceTest} with the caller's ids (addWithIds, natively in the lists). */
class IndexIVFFlatWithIdsConformanceTest extends IndexIVFFlatConformanceTest {
    @Override
    protected boolean usesIds() {
        return true;
    }
}
