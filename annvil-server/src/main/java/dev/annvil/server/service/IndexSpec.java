package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFactory;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexHNSWFlat;
import dev.annvil.IndexIVFFlat;
import dev.annvil.IndexPQ;
import dev.annvil.IndexScalarQuantizer;
import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed {@code index_type} string (faissx-protocol.md §7): what to build and which extra keys
 * the create reply carries. {@link IndexTypes#parse} produces these.
 */
public sealed interface IndexSpec {

    /** The FAISS class name of the index built ("IndexFlatL2", "IndexIVFFlat", "IndexIDMap"). */
    String faissClassName();

    /** A type that builds a standalone index (anything but an id-map wrapper). */
    sealed interface Plain extends IndexSpec {
        /**
         * Builds an empty index of dimension d.
         *
         * @throws IllegalArgumentException if d is not valid for the type (e.g. d % M != 0 for PQ)
         * @throws IndexBuilders.NotBuildable if the core cannot build the type (yet)
         */
        Index build(int d);

        /** Extra keys of the create reply (§7.2), e.g. {@code metric_type}, {@code nlist}. */
        Map<String, Object> replyExtras();

        /** The metric of the index built. */
        MetricType metric();

        /** Whether the index must be trained before add/search. */
        boolean requiresTraining();
    }

    /** An inverted-file type, whose number of lists {@code recluster_index} can change. */
    sealed interface Ivf extends Plain {
        /** Number of inverted lists. */
        int nlist();

        /** The same type with another number of lists. */
        Ivf withNlist(int nlist);

        /** A canonical type string of this type (reported after reclustering). */
        String typeString();

        @Override
        default boolean requiresTraining() {
            return true;
        }
    }

    private static String metricName(MetricType metric) {
        return metric == MetricType.L2 ? "L2" : "IP";
    }

    private static String ipSuffix(MetricType metric) {
        return metric == MetricType.L2 ? "" : "_IP";
    }

    private static Map<String, Object> extras(MetricType metric, boolean requiresTraining, Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put((String) keyValues[i], keyValues[i + 1]);
        }
        m.put("metric_type", metricName(metric));
        m.put("requires_training", requiresTraining);
        return m;
    }

    private static Index coarseQuantizer(int d, MetricType metric) {
        return metric == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
    }

    /**
     * An exact flat index: type strings {@code L2}, {@code Flat} (L2) and {@code IP}.
     *
     * @param metric L2 or inner product
     */
    record Flat(MetricType metric) implements Plain {
        public Flat {
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            return metric == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
        }

        @Override
        public String faissClassName() {
            return metric == MetricType.L2 ? "IndexFlatL2" : "IndexFlatIP";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return Map.of("metric_type", metricName(metric));
        }

        @Override
        public boolean requiresTraining() {
            return false;
        }
    }

    /**
     * HNSW over flat storage: {@code HNSW}, {@code HNSW<M>}, {@code HNSW<M>_IP}, {@code HNSW<M>,Flat}.
     *
     * @param m neighbors per node (FAISS's M), at least 2
     * @param metric L2 or inner product
     */
    record Hnsw(int m, MetricType metric) implements Plain {
        /** FAISS's defaults, reported in the create reply. */
        public static final int EF_CONSTRUCTION = 40;

        /** FAISS's default efSearch. */
        public static final int EF_SEARCH = 16;

        public Hnsw {
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            return new IndexHNSWFlat(d, m, metric);
        }

        @Override
        public String faissClassName() {
            return "IndexHNSWFlat";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return extras(metric, false, "M", m, "efConstruction", EF_CONSTRUCTION, "efSearch", EF_SEARCH);
        }

        @Override
        public boolean requiresTraining() {
            return false;
        }
    }

    /**
     * IVF with flat lists: {@code IVF}, {@code IVF_IP}, {@code IVF<n>}, {@code IVF<n>_IP}, {@code
     * IVF<n>,Flat}. The coarse quantizer is flat with the same metric.
     */
    record IvfFlat(int nlist, MetricType metric) implements Ivf {
        public IvfFlat {
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            return new IndexIVFFlat(coarseQuantizer(d, metric), d, nlist, metric);
        }

        @Override
        public String faissClassName() {
            return "IndexIVFFlat";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return extras(metric, true, "nlist", nlist);
        }

        @Override
        public IvfFlat withNlist(int n) {
            return new IvfFlat(n, metric);
        }

        @Override
        public String typeString() {
            return "IVF" + nlist + ipSuffix(metric);
        }
    }

    /**
     * IVF with PQ-coded residuals: {@code IVF<n>,PQ<M>x<b>} (+ {@code _IP}), {@code IVF<n>,PQ<M>}.
     * Built by {@link IndexBuilders#ivfPq}.
     */
    record IvfPq(int nlist, int m, int nbits, MetricType metric) implements Ivf {
        public IvfPq {
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            return IndexBuilders.ivfPq(d, nlist, m, nbits, metric);
        }

        @Override
        public String faissClassName() {
            return "IndexIVFPQ";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return extras(metric, true, "nlist", nlist, "M", m, "nbits", nbits);
        }

        @Override
        public IvfPq withNlist(int n) {
            return new IvfPq(n, m, nbits, metric);
        }

        @Override
        public String typeString() {
            return "IVF" + nlist + ",PQ" + m + "x" + nbits + ipSuffix(metric);
        }
    }

    /**
     * IVF with scalar-quantized residuals: {@code IVF<n>_SQ<q>} (q = FAISS QuantizerType ordinal,
     * §7.3; + {@code _IP}) or {@code IVF<n>,SQ8}-style factory names. Built by {@link
     * IndexBuilders#ivfSq}.
     */
    record IvfSq(int nlist, QuantizerType qtype, MetricType metric) implements Ivf {
        public IvfSq {
            Objects.requireNonNull(qtype, "qtype is null");
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            return IndexBuilders.ivfSq(d, nlist, qtype, metric);
        }

        @Override
        public String faissClassName() {
            return "IndexIVFScalarQuantizer";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return extras(metric, true, "nlist", nlist, "qtype", qtype.ordinal());
        }

        @Override
        public IvfSq withNlist(int n) {
            return new IvfSq(n, qtype, metric);
        }

        @Override
        public String typeString() {
            return "IVF" + nlist + "_SQ" + qtype.ordinal() + ipSuffix(metric);
        }
    }

    /** A product quantizer: {@code PQ}, {@code PQ<M>}, {@code PQ<M>x<b>} (+ {@code _IP}). */
    record Pq(int m, int nbits, MetricType metric) implements Plain {
        public Pq {
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            if (d % m != 0) {
                throw new IllegalArgumentException("dimension " + d + " is not a multiple of M=" + m);
            }
            return new IndexPQ(d, m, nbits, metric);
        }

        @Override
        public String faissClassName() {
            return "IndexPQ";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return extras(metric, true, "M", m, "nbits", nbits);
        }

        @Override
        public boolean requiresTraining() {
            return true;
        }
    }

    /** A flat scalar quantizer: {@code SQ<n>} (+ {@code _IP}), mapping per §7.5. */
    record Sq(QuantizerType qtype, MetricType metric) implements Plain {
        public Sq {
            Objects.requireNonNull(qtype, "qtype is null");
            Objects.requireNonNull(metric, "metric is null");
        }

        @Override
        public Index build(int d) {
            return new IndexScalarQuantizer(d, qtype, metric);
        }

        @Override
        public String faissClassName() {
            return "IndexScalarQuantizer";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return extras(metric, qtype.needsTraining(), "qtype", qtype.ordinal(), "bits", qtype.bits());
        }

        @Override
        public boolean requiresTraining() {
            return qtype.needsTraining();
        }
    }

    /**
     * A plain FAISS factory string (e.g. {@code HNSW32,SQ8}) built by {@link IndexFactory} with the
     * L2 metric.
     *
     * @param description the factory string
     */
    record Factory(String description) implements Plain {
        public Factory {
            Objects.requireNonNull(description, "description is null");
        }

        @Override
        public Index build(int d) {
            return IndexBuilders.factory(d, description, MetricType.L2);
        }

        @Override
        public String faissClassName() {
            return "Index";
        }

        @Override
        public Map<String, Object> replyExtras() {
            return Map.of("metric_type", "L2", "factory_string", description);
        }

        @Override
        public MetricType metric() {
            return MetricType.L2;
        }

        @Override
        public boolean requiresTraining() {
            return false; // decided from the built index (IndexDetails.requiresTraining)
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
