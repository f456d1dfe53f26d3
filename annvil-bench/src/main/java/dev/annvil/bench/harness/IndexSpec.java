package dev.annvil.bench.harness;

import java.util.Arrays;
import java.util.Objects;

/**
 * One index configuration of a suite, as every engine builds it.
 *
 * @param factory the FAISS factory string Annvil and FAISS build ("Flat", "IVF256,PQ16", "HNSW32");
 *     also the index's label in tables and plots
 * @param family which engines can build it and which search parameter it sweeps
 * @param m HNSW: neighbours per node on the upper layers (2 * m on layer 0); 0 otherwise
 * @param efConstruction HNSW: candidate list size while building (all engines get the same); 0 otherwise
 * @param param the swept search parameter, FAISS's key ("nprobe", "efSearch"), or null for none
 * @param sweep values of {@code param}, ascending (each gives one point of the curve); empty for none
 */
public record IndexSpec(String factory, Family family, int m, int efConstruction, String param, int[] sweep) {
    /** Index families: which engines run them. */
    public enum Family {
        /** Exact search: Annvil and FAISS. */
        FLAT,
        /** Inverted file (IVFFlat, IVFPQ, IVFSQ8): Annvil and FAISS. */
        IVF,
        /** HNSW graphs: Annvil, FAISS, hnswlib, JVector, Lucene. */
        HNSW
    }

    /** Checks the fields and copies the sweep. */
    public IndexSpec {
        Objects.requireNonNull(factory, "factory is null");
        Objects.requireNonNull(family, "family is null");
        sweep = sweep.clone();
        if ((param == null) != (sweep.length == 0)) {
            throw new IllegalArgumentException("param=" + param + " needs a non-empty sweep, got " + sweep.length);
        }
    }

    /** An exact-search spec with no sweep. */
    public static IndexSpec flat() {
        return new IndexSpec("Flat", Family.FLAT, 0, 0, null, new int[0]);
    }

    /** The sweep values, a copy. */
    @Override
    public int[] sweep() {
        return sweep.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexSpec s
                && factory.equals(s.factory)
                && family == s.family
                && m == s.m
                && efConstruction == s.efConstruction
                && Objects.equals(param, s.param)
                && Arrays.equals(sweep, s.sweep);
    }

    @Override
    public int hashCode() {
        return Objects.hash(factory, family, m, efConstruction, param, Arrays.hashCode(sweep));
    }

    @Override
    public String toString() {
        return factory + (param == null ? "" : " (" + param + " " + Arrays.toString(sweep) + ")");
    }
}
