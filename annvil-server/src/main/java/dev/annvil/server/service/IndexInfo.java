package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.MetricType;

/**
 * A snapshot of an index's metadata, as listed and reported by the service (faissx-protocol.md
 * §9.13, §9.14).
 *
 * @param indexId the id
 * @param indexType the type string it was created with
 * @param faissClassName FAISS class name ("IndexFlatL2", "IndexIDMap2")
 * @param dimension d
 * @param ntotal number of vectors (for a wrapper: those added through it)
 * @param trained whether the index is trained
 * @param metricType L2 or inner product
 * @param kind plain, IDMap or IDMap2
 * @param baseIndexId the base of a wrapper, or null
 */
public record IndexInfo(
        String indexId,
        String indexType,
        String faissClassName,
        int dimension,
        long ntotal,
        boolean trained,
        MetricType metricType,
        ManagedIndex.Kind kind,
        String baseIndexId) {

    /** The metadata of a managed index; call under its group's read or write lock. */
    static IndexInfo of(ManagedIndex m) {
        Index index = m.index();
        String className = switch (m.kind()) {
            case IDMAP -> "IndexIDMap";
            case IDMAP2 -> "IndexIDMap2";
            case PLAIN ->
                index instanceof IndexFlat
                        ? (index.metricType() == MetricType.L2 ? "IndexFlatL2" : "IndexFlatIP")
                        : index.getClass().getSimpleName();
        };
        return new IndexInfo(
                m.id(),
                m.indexType(),
                className,
                index.d(),
                index.ntotal(),
                index.isTrained(),
                index.metricType(),
                m.kind(),
                m.baseIndexId());
    }
}
