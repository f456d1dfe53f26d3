package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFactory;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.IndexIVFPQ;
import dev.annvil.IndexIVFScalarQuantizer;
import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/**
 * The one place where IVF-PQ and IVF-SQ indexes (and other FAISS factory strings) are constructed.
 * IVF-PQ and IVF-SQ use the core constructors directly, since {@link IndexFactory} has no names for
 * every QuantizerType (the uniform, direct and bf16 ones); factory strings go through {@link
 * IndexFactory}, whose "not supported yet" answer becomes the server's UNSUPPORTED error
 * ("Unsupported index type: &lt;T&gt; (not supported yet: ...)").
 *
 * <p>Until IndexIVFPQ/IndexIVFScalarQuantizer were in annvil-core, {@link #ivfPq} and {@link #ivfSq}
 * called {@link #factory} instead, so that the server answered "not supported yet"; the rest of the
 * server (replies, training, NOT_TRAINED gating, nprobe params, optimize/recluster, the IVF-PQ
 * top-level search keys) works on any {@link dev.annvil.IndexIVF}.
 */
final class IndexBuilders {
    private IndexBuilders() {}

    /** IVF with PQ-coded residuals; the coarse quantizer is flat with the same metric. */
    static Index ivfPq(int d, int nlist, int m, int nbits, MetricType metric) {
        return new IndexIVFPQ(coarse(d, metric), d, nlist, m, nbits, metric);
    }

    /** IVF with scalar-quantized residuals. */
    static Index ivfSq(int d, int nlist, QuantizerType qtype, MetricType metric) {
        return new IndexIVFScalarQuantizer(coarse(d, metric), d, nlist, qtype, metric);
    }

    /** The coarse quantizer of an IVF: flat, with the index's metric. */
    static Index coarse(int d, MetricType metric) {
        return metric == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
    }

    /**
     * {@link IndexFactory#create}, with its errors as {@link NotBuildable}.
     *
     * @throws NotBuildable if the factory does not know the string or has no class for it yet
     */
    static Index factory(int d, String description, MetricType metric) {
        try {
            return IndexFactory.create(d, description, metric);
        } catch (IllegalArgumentException e) {
            String msg = String.valueOf(e.getMessage());
            throw new NotBuildable(msg, msg.contains("not supported yet"));
        }
    }

    /**
     * A type string the core cannot build; {@link IndexService} words it as "Unsupported index type:
     * &lt;T&gt;" (+ " (not supported yet: &lt;detail&gt;)"), naming the string the client sent.
     */
    static final class NotBuildable extends RuntimeException {
        private final boolean notYet;

        NotBuildable(String detail, boolean notYet) {
            super(detail);
            this.notYet = notYet;
        }

        /** True if the core knows the type but has no class for it yet. */
        boolean notYet() {
            return notYet;
        }
    }
}
