package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.MetricType;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed {@code index_type} string (faissx-protocol.md §7): what to build and which extra keys
 * the create reply carries. New types (HNSW, IVF, PQ, SQ, transforms) become new permitted records
 * and new branches of {@link IndexTypes#parse}.
 */
public sealed interface IndexSpec {

    /** The FAISS class name of the index built ("IndexFlatL2", "IndexIDMap"). */
    String faissClassName();

    /** A type that builds a standalone index (anything but an id-map wrapper). */
    sealed interface Plain extends IndexSpec {
        /**
         * Builds an empty index of dimension d.
         *
         * @throws IllegalArgumentException if d is not valid for the type
         */
        Index build(int d);

        /** Extra keys of the create reply (§7.2), e.g. {@code metric_type}. */
        Map<String, Object> replyExtras();
    }

    /**
     * An exact flat index: type strings {@code L2}, {@code Flat} (L2) and {@code IP}.
     *
     * @param metricType L2 or inner product
     */
    record Flat(MetricType metricType) implements Plain {
        public Flat {
            Objects.requireNonNull(metricType, "metricType is null");
        }

        @Override
        public Index build(int d) {
            return metricType == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
        }

        @Override
        public String faissClassName() {
            return metricType == MetricType.L2 ? "IndexFlatL2" : "IndexFlatIP";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return Map.of("metric_type", metricType == MetricType.L2 ? "L2" : "IP");
        }
    }

    /**
     * An id-mapping wrapper: {@code IDMap:<base>} or {@code IDMap2:<base>} (§7.4). The base is an
     * existing index id (shared storage) or else an index type for an auto-created
     * {@code <index_id>_base} ({@code L2} when empty).
     *
     * @param idmap2 true for IDMap2 (keeps id -&gt; position, reconstructs by id)
     * @param base the text after the colon
     * @param typeString the type string as sent
     */
    record IdMap(boolean idmap2, String base, String typeString) implements IndexSpec {
        public IdMap {
            Objects.requireNonNull(base, "base is null");
            Objects.requireNonNull(typeString, "typeString is null");
        }

        @Override
        public String faissClassName() {
            return idmap2 ? "IndexIDMap2" : "IndexIDMap";
        }
    }
}
