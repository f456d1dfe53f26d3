package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.MetricType;
import java.util.Map;

/**
 * A snapshot of an index's metadata, as listed and reported by the service (faissx-protocol.md
 * §9.13, §9.14, §9.21).
 *
 * @param indexId the id
 * @param indexType the type string it was created with
 * @param faissClassName FAISS class name ("IndexFlatL2", "IndexIDMap2")
 * @param storageClassName FAISS class name of the vector storage (the inner index of a wrapper)
 * @param dimension d
 * @param ntotal number of vectors (for a wrapper: those added through it)
 * @param trained whether the index is trained
 * @param requiresTraining whether the type must be trained before use
 * @param metricType L2 or inner product
 * @param kind plain, IDMap or IDMap2
 * @param baseIndexId the base of a wrapper, or null
 * @param persistence whether it survives a restart
 * @param parameters type-specific shape and knobs (nlist, nprobe, M, efSearch, pq_m, qtype...)
 */
public record IndexInfo(
        String indexId,
        String indexType,
        String faissClassName,
        String storageClassName,
        int dimension,
        long ntotal,
        boolean trained,
        boolean requiresTraining,
        MetricType metricType,
        ManagedIndex.Kind kind,
        String baseIndexId,
        ManagedIndex.Persistence persistence,
        Map<String, Object> parameters) {

    /** The metadata of a managed index; call under its group's read or write lock. */
    static IndexInfo of(ManagedIndex m) {
        Index index = m.index();
        String className = switch (m.kind()) {
            case IDMAP -> "IndexIDMap";
            case IDMAP2 -> "IndexIDMap2";
            case PLAIN -> IndexDetails.className(index);
        };
        return new IndexInfo(
                m.id(),
                m.indexType(),
                className,
                IndexDetails.className(IndexDetails.storage(index)),
                index.d(),
                index.ntotal(),
                index.isTrained(),
                IndexDetails.requiresTraining(index),
                index.metricType(),
                m.kind(),
                m.baseIndexId(),
                m.persistence(),
                IndexDetails.typeParameters(index));
    }

    /** "L2" or "IP". */
    public String metricName() {
        return metricType == MetricType.L2 ? "L2" : "IP";
    }

    /** True for IDMap and IDMap2 wrappers. */
    public boolean isIdMap() {
        return kind != ManagedIndex.Kind.PLAIN;
    }
}
