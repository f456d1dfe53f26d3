package dev.annvil.bench.harness;

import dev.annvil.bench.harness.IndexSpec.Family;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The named suites: {@code flat}, {@code ivf} (IVFFlat, IVFPQ, IVFSQ8), {@code hnsw} (HNSWFlat at
 * M = 16 and 32) and {@code all}.
 *
 * <p>IVF: nlist is the power of two nearest to sqrt(nb) (256 for 60,000 or 100,000 vectors, 1024 for
 * 1M); PQ uses 16 sub-quantizers of 8 bits when 16 divides d (else 8, 4, 2, 1); nprobe sweeps
 * 1, 2, 4, ... up to nlist. HNSW: efConstruction 40 (FAISS's default) for every engine; efSearch
 * sweeps 10 .. 512. {@code --quick} keeps 3-4 sweep points.
 */
public final class Suites {
    /** The suite names. */
    public static final List<String> NAMES = List.of("flat", "ivf", "hnsw", "all");
    /** efConstruction used by every engine. */
    public static final int EF_CONSTRUCTION = 40;

    private Suites() {}

    /**
     * The index specs of a suite for a data set of nb vectors of dimension d.
     *
     * @throws IllegalArgumentException for an unknown suite name
     */
    public static List<IndexSpec> of(String name, int nb, int d, boolean quick) {
        List<IndexSpec> specs = new ArrayList<>();
        switch (name) {
            case "flat" -> specs.add(IndexSpec.flat());
            case "ivf" -> specs.addAll(ivf(nb, d, quick));
            case "hnsw" -> specs.addAll(hnsw(quick));
            case "all" -> {
                specs.add(IndexSpec.flat());
                specs.addAll(ivf(nb, d, quick));
                specs.addAll(hnsw(quick));
            }
            default -> throw new IllegalArgumentException("unknown suite '" + name + "' (known: " + NAMES + ")");
        }
        return specs;
    }

    /** The power of two nearest to sqrt(nb), at least 4. */
    static int nlist(int nb) {
        double target = Math.sqrt(nb);
        int p = 4;
        while (p * 2 <= nb && Math.abs(Math.log(p * 2.0 / target)) < Math.abs(Math.log(p / target))) {
            p *= 2;
        }
        return p;
    }

    /** Sub-quantizers for IVFPQ: 16 if it divides d, else the largest of 8, 4, 2, 1 that does. */
    static int pqM(int d) {
        for (int m : new int[] {16, 8, 4, 2}) {
            if (d % m == 0) {
                return m;
            }
        }
        return 1;
    }

    private static List<IndexSpec> ivf(int nb, int d, boolean quick) {
        int nlist = nlist(nb);
        List<Integer> probes = new ArrayList<>();
        for (int p = 1; p <= nlist; p *= 2) {
            probes.add(p);
        }
        int[] sweep = probes.stream().mapToInt(Integer::intValue).toArray();
        if (quick) {
            sweep = new int[] {1, Math.min(4, nlist), Math.min(16, nlist)};
            sweep = Arrays.stream(sweep).distinct().toArray();
        }
        String ivf = "IVF" + nlist + ",";
        return List.of(
                new IndexSpec(ivf + "Flat", Family.IVF, 0, 0, "nprobe", sweep),
                new IndexSpec(ivf + "PQ" + pqM(d), Family.IVF, 0, 0, "nprobe", sweep),
                new IndexSpec(ivf + "SQ8", Family.IVF, 0, 0, "nprobe", sweep));
    }

    private static List<IndexSpec> hnsw(boolean quick) {
        int[] sweep = quick ? new int[] {10, 40, 160} : new int[] {10, 16, 32, 64, 128, 256, 512};
        List<IndexSpec> specs = new ArrayList<>();
        for (int m : new int[] {16, 32}) {
            specs.add(new IndexSpec("HNSW" + m, Family.HNSW, m, EF_CONSTRUCTION, "efSearch", sweep));
        }
        return specs;
    }
}
