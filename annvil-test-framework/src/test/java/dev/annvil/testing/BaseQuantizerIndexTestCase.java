package dev.annvil.testing;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The conformance settings shared by the indexes that store quantized codes, flat, in inverted
 * lists or under an HNSW graph: what the codes cost in recall and distance accuracy ({@link
 * Codes}), and what the search structure guarantees ({@link Structure}). A subclass builds and
 * trains the index, and may still override any setting (an SQ type, a residual encoding).
 *
 * <p>The suite's data is uniform in [0, 1)^d; tolerances below are for that distribution.
 */
abstract class BaseQuantizerIndexTestCase extends BaseIndexTestCase {
    /** Dimension of the PQ indexes: 13 sub-vectors of 3 components (odd: SIMD tails). */
    static final int PQ_D = 39;
    /** Sub-quantizers of the PQ indexes. */
    static final int PQ_M = 13;
    /** Bits per PQ sub-quantizer (256 centroids each). */
    static final int PQ_NBITS = 8;

    private static final Map<String, Object> TRAINED = new HashMap<>();

    /** The encodings under test and their error on the suite's data. */
    enum Codes {
        /**
         * PQ of M = 13 sub-quantizers of 8 bits over d = 39, trained on 10,000 uniform vectors:
         * measured 10-recall@10 about 0.77 to 0.825. Reconstruction: half a cell of a 256-centroid
         * quantizer of the unit cube in 3 dimensions, with margin. Distances are to the decoded
         * vectors: error up to about 2 ||x - y|| ||y - decoded(y)||.
         */
        PQ_8BIT(PQ_D, 0.7, 0.25, 0.5, 0.1, 10),
        /**
         * SQ QT_8bit over the suite's d, trained on 2,000 uniform vectors: measured 10-recall@10
         * 0.9875 to 0.9975. Reconstruction: half a cell (range / 255 / 2), plus the range lost by
         * training on a sample.
         */
        SQ_8BIT(0, 0.95, 0.5 / 255 + 1e-3, 0.02, 0.01, 4);

        /** Dimension of the test vectors; 0: the suite's default. */
        final int d;

        final double recallFloor;
        final double reconstructTolerance;
        /** Distance tolerance: absolute + relative * |distance|. */
        final double distanceAbsolute;

        final double distanceRelative;
        final double rangeCountSlack;

        Codes(
                int d,
                double recallFloor,
                double reconstructTolerance,
                double distanceAbsolute,
                double distanceRelative,
                double rangeCountSlack) {
            this.d = d;
            this.recallFloor = recallFloor;
            this.reconstructTolerance = reconstructTolerance;
            this.distanceAbsolute = distanceAbsolute;
            this.distanceRelative = distanceRelative;
            this.rangeCountSlack = rangeCountSlack;
        }
    }

    /** How the codes are searched, and so what the suite may expect of hit counts and labels. */
    enum Structure {
        /** One array of codes; removeIds renumbers positions 0 .. ntotal-1. */
        FLAT(false, false),
        /**
         * Inverted lists, all visited (nprobe = nlist): every stored vector can be returned
         * (distances are still approximate); lists store ids, so removal does not renumber.
         */
        IVF_ALL_LISTS(true, true),
        /**
         * An HNSW graph searched with a beam that holds every node. Still not exhaustive: the graph
         * is built by several threads, so its exact shape (and which vectors a range search
         * reaches) varies between runs. Removal marks vectors deleted: labels do not change.
         */
        HNSW(false, true);

        final boolean exhaustiveSearch;
        final boolean removeKeepsLabels;

        Structure(boolean exhaustiveSearch, boolean removeKeepsLabels) {
            this.exhaustiveSearch = exhaustiveSearch;
            this.removeKeepsLabels = removeKeepsLabels;
        }
    }

    private final Codes codes;
    private final Structure structure;

    BaseQuantizerIndexTestCase(Codes codes, Structure structure) {
        this.codes = codes;
        this.structure = structure;
    }

    /**
     * The value {@code train} returns the first time {@code key} is asked for (in this JVM); later
     * calls return the same value without training. Keys name the index family and what the
     * value depends on (e.g. the metric).
     */
    static <T> T trainedOnce(String key, Supplier<T> train) {
        synchronized (TRAINED) {
            @SuppressWarnings("unchecked")
            T value = (T) TRAINED.get(key);
            if (value == null) {
                value = train.get();
                TRAINED.put(key, value);
            }
            return value;
        }
    }

    @Override
    protected int d() {
        return codes.d == 0 ? super.d() : codes.d;
    }

    @Override
    protected double recallFloor() {
        return codes.recallFloor;
    }

    @Override
    protected boolean exhaustiveSearch() {
        return structure.exhaustiveSearch;
    }

    @Override
    protected boolean removeKeepsLabels() {
        return structure.removeKeepsLabels;
    }

    @Override
    protected double reconstructTolerance() {
        return codes.reconstructTolerance;
    }

    @Override
    protected double distanceTolerance(double dis) {
        return codes.distanceAbsolute + codes.distanceRelative * Math.abs(dis);
    }

    @Override
    protected double rangeCountSlack() {
        return codes.rangeCountSlack;
    }
}
