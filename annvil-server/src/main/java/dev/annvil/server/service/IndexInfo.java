package dev.annvil.server.service;

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
        String baseIndexId) {}
