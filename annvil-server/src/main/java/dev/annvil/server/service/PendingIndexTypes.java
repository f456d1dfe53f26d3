package dev.annvil.server.service;

import dev.annvil.Index;
import dev.annvil.IndexFactory;
import dev.annvil.IndexFlatIP;
import dev.annvil.IndexFlatL2;
import dev.annvil.MetricType;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;

/**
 * The one place where index types whose core classes are not in this build yet are constructed:
 * IVF-PQ and IVF-SQ (and any other FAISS factory string). Today they go through {@link
 * IndexFactory}, whose "not supported yet" answer becomes the server's UNSUPPORTED error
 * ("Unsupported index type: &lt;T&gt; (not supported yet: ...)").
 *
 * <p>When {@code IndexIVFPQ} and {@code IndexIVFScalarQuantizer} land in annvil-core, replace the
 * bodies of {@link #ivfPq} and {@link #ivfSq} with the constructors:
 *
 * <pre>{@code
 * return new IndexIVFPQ(coarse(d, metric), d, nlist, m, nbits, metric);
 * return new IndexIVFScalarQuantizer(coarse(d, metric), d, nlist, qtype, metric);
 * }</pre>
 *
 * (the constructors accept every QuantizerType, including the uniform ones that have no factory
 * name). Nothing else in the server needs to change: replies, training, NOT_TRAINED gating, search
 * params (nprobe), optimize/recluster and the IVF-PQ top-level search keys work on any {@link
 * dev.annvil.IndexIVF}, and IndexTypeFlowTest#ivfPqAndIvfSq and the e2e conformance items 28, 37,
 * 45, 49 and 50 then run their full flows instead of checking the "not supported yet" answer.
 */
final class PendingIndexTypes {
    private PendingIndexTypes() {}

    /** IVF with PQ-coded residuals; the coarse quantizer is flat with the same metric. */
    static Index ivfPq(int d, int nlist, int m, int nbits, MetricType metric) {
        return factory(d, "IVF" + nlist + ",PQ" + m + "x" + nbits, metric);
    }

    /** IVF with scalar-quantized residuals. */
    static Index ivfSq(int d, int nlist, QuantizerType qtype, MetricType metric) {
        return factory(d, "IVF" + nlist + "," + factoryName(qtype), metric);
    }

    /** The coarse quantizer of an IVF: flat, with the index's metric. */
    static Index coarse(int d, MetricType metric) {
        return metric == MetricType.L2 ? new IndexFlatL2(d) : new IndexFlatIP(d);
    }

    /** FAISS's index_factory name of a scalar quantizer type (the uniform ones have none). */
    static String factoryName(QuantizerType qtype) {
        return switch (qtype) {
            case QT_8bit -> "SQ8";
            case QT_4bit -> "SQ4";
            case QT_6bit -> "SQ6";
            case QT_fp16 -> "SQfp16";
            case QT_bf16 -> "SQbf16";
            case QT_8bit_direct -> "SQ8_direct";
            case QT_8bit_direct_signed -> "SQ8_direct_signed";
            case QT_8bit_uniform -> "SQ8_uniform";
            case QT_4bit_uniform -> "SQ4_uniform";
        };
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
