package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFlat;
import dev.annvil.IndexFlatCodes;
import dev.annvil.IndexHNSW;
import dev.annvil.IndexIDMap;
import dev.annvil.IndexIVF;
import dev.annvil.IndexIVFPQ;
import dev.annvil.IndexIVFScalarQuantizer;
import dev.annvil.IndexPQ;
import dev.annvil.IndexRefineFlat;
import dev.annvil.IndexScalarQuantizer;
import dev.annvil.MetricType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server needs to know about a core index independently of its class: training needs
 * (faissx-protocol.md §9.6), knobs (nprobe, efSearch) and the status/configuration maps of
 * {@code get_index_status} / {@code get_index_info} (§9.21). Call under the group's lock.
 */
final class IndexDetails {
    /** Training vectors per list that make IVF training reliable (the reference's recommendation). */
    static final int IVF_VECTORS_PER_LIST = 50;
    /** Training vectors per PQ sub-quantizer recommended by the reference. */
    static final int PQ_VECTORS_PER_SUBQUANTIZER = 1000;

    private IndexDetails() {}

    /** The index that stores the vectors: the inner index of an IDMap, else the index itself. */
    static Index storage(Index index) {
        return index instanceof IndexIDMap m ? m.getIndex() : index;
    }

    /** The index whose structure answers type questions: through IDMap and RefineFlat wrappers. */
    private static Index core(Index index) {
        Index s = storage(index);
        return s instanceof IndexRefineFlat r ? r.baseIndex() : s;
    }

    /** The IVF under an index (through IDMap), or null. */
    static IndexIVF ivf(Index index) {
        return storage(index) instanceof IndexIVF ivf ? ivf : null;
    }

    /** The HNSW under an index (through IDMap), or null. */
    static IndexHNSW hnsw(Index index) {
        return storage(index) instanceof IndexHNSW h ? h : null;
    }

    /** The FAISS class name of the index (flat: IndexFlatL2/IndexFlatIP). */
    static String className(Index index) {
        if (index instanceof IndexFlat) {
            return index.metricType() == MetricType.L2 ? "IndexFlatL2" : "IndexFlatIP";
        }
        return index.getClass().getSimpleName();
    }

    /** Whether the type must be trained before use (true even after training). */
    static boolean requiresTraining(Index index) {
        Index s = core(index);
        return switch (s) {
            case IndexIVF ivf -> true;
            case IndexPQ pq -> true;
            case IndexScalarQuantizer sq -> sq.sq().qtype().needsTraining();
            case IndexHNSW h -> requiresTraining(h.storage());
            case IndexFlat f -> false;
            default -> !s.isTrained();
        };
    }

    /**
     * Whether vectors can be removed with positions renumbered in order (flat and flat-code storage);
     * IVF and HNSW keep their labels, which would break the dense positions of §6.3 and id maps.
     */
    static boolean removable(Index index) {
        Index s = storage(index);
        return s instanceof IndexFlat || s instanceof IndexFlatCodes;
    }

    /** Fewest training vectors the core accepts (k-means needs as many points as centroids). */
    static long minTrainingVectors(Index index) {
        Index s = core(index);
        return switch (s) {
            case IndexIVFPQ ivf -> Math.max(ivf.nlist(), 1L << ivf.pq().nbits());
            case IndexIVF ivf -> ivf.nlist();
            case IndexPQ pq -> 1L << pq.pq().nbits();
            case IndexHNSW h -> minTrainingVectors(h.storage());
            default -> 1;
        };
    }

    /** The reference's recommended number of training vectors, or 0 for none (§9.6). */
    static long recommendedTrainingVectors(Index index) {
        Index s = core(index);
        return switch (s) {
            case IndexIVF ivf -> (long) IVF_VECTORS_PER_LIST * ivf.nlist();
            case IndexPQ pq -> (long) PQ_VECTORS_PER_SUBQUANTIZER * pq.pq().M();
            case IndexHNSW h -> recommendedTrainingVectors(h.storage());
            default -> 0;
        };
    }

    /** The {@code training_info} map of train_index and get_index_status replies. */
    static Map<String, Object> trainingInfo(Index index) {
        Map<String, Object> info = new LinkedHashMap<>();
        boolean requires = requiresTraining(index);
        info.put("requires_training", requires);
        info.put("is_trained", index.isTrained());
        if (!requires) {
            return info;
        }
        Index s = core(index);
        Map<String, Object> params = new LinkedHashMap<>();
        long min = minTrainingVectors(index);
        long recommended = recommendedTrainingVectors(index);
        params.put("min_vectors", min);
        params.put("optimal_vectors", recommended > 0 ? recommended + " or more" : min + " or more");
        switch (s) {
            case IndexIVF ivf -> {
                info.put("description", "IVF indexes learn " + ivf.nlist() + " coarse centroids by k-means");
                params.put("description", "at least nlist vectors; " + IVF_VECTORS_PER_LIST + " per list recommended");
                params.put("nlist", ivf.nlist());
            }
            case IndexPQ pq -> {
                info.put(
                        "description",
                        "PQ indexes learn " + pq.pq().M() + " codebooks of "
                                + (1 << pq.pq().nbits()) + " centroids");
                params.put(
                        "description",
                        "at least 2^nbits vectors; " + PQ_VECTORS_PER_SUBQUANTIZER + " per sub-quantizer recommended");
                params.put("M", pq.pq().M());
            }
            default -> {
                info.put("description", className(s) + " learns its value ranges from the training vectors");
                params.put("description", "a representative sample");
            }
        }
        info.put("params", params);
        return info;
    }

    /** Approximate bytes per stored vector (code plus id/links), for get_index_info. */
    static long bytesPerVector(Index index) {
        Index s = storage(index);
        long extra = index instanceof IndexIDMap ? 8 : 0;
        return extra
                + switch (s) {
                    case IndexFlat f -> 4L * f.d();
                    case IndexFlatCodes c -> c.codeSize();
                    case IndexIVF ivf -> ivf.codeSize() + 8L;
                    case IndexHNSW h -> bytesPerVector(h.storage()) + 4L * 2 * h.M() * 2;
                    default -> 4L * s.d();
                };
    }

    /** Estimated memory held by the index. */
    static long ramBytes(Index index) {
        Index s = storage(index);
        long ids = index instanceof IndexIDMap ? 8L * index.ntotal() : 0;
        return ids
                + switch (s) {
                    case IndexFlat f -> f.ramBytesUsed();
                    case IndexFlatCodes c -> c.ramBytesUsed();
                    case IndexIVF ivf -> ivf.ramBytesUsed();
                    case IndexHNSW h -> h.ramBytesUsed();
                    default -> bytesPerVector(s) * s.ntotal();
                };
    }

    /** Type-specific knobs and shape (nlist, nprobe, M, efSearch, pq_m, qtype...), for status replies. */
    static Map<String, Object> typeParameters(Index index) {
        Map<String, Object> p = new LinkedHashMap<>();
        Index s = storage(index);
        p.put("metric_type", s.metricType() == MetricType.L2 ? "L2" : "IP");
        switch (s) {
            case IndexIVF ivf -> {
                p.put("nlist", ivf.nlist());
                p.put("nprobe", ivf.nprobe());
                p.put("quantizer_type", className(ivf.quantizer()));
                p.put("code_size", ivf.codeSize());
                if (ivf instanceof IndexIVFPQ pq) {
                    p.put("pq_m", pq.pq().M());
                    p.put("pq_nbits", pq.pq().nbits());
                } else if (ivf instanceof IndexIVFScalarQuantizer sq) {
                    p.put("qtype", sq.sq().qtype().ordinal());
                    p.put("qtype_name", sq.sq().qtype().name());
                }
            }
            case IndexHNSW h -> {
                p.put("M", h.M());
                p.put("efSearch", h.efSearch());
                p.put("efConstruction", h.efConstruction());
                p.put("storage_type", className(h.storage()));
            }
            case IndexPQ pq -> {
                p.put("pq_m", pq.pq().M());
                p.put("pq_nbits", pq.pq().nbits());
            }
            case IndexScalarQuantizer sq -> {
                p.put("qtype", sq.sq().qtype().ordinal());
                p.put("qtype_name", sq.sq().qtype().name());
            }
            default -> {}
        }
        return p;
    }
}
