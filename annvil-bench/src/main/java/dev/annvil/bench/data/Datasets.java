package dev.annvil.bench.data;

import dev.annvil.bench.FashionMnist;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Loads the data sets the harness knows by name, trims them to the requested sizes and attaches the
 * exact ground truth (from a given .ivecs file when it matches, else computed once and cached).
 *
 * <ul>
 *   <li>{@code fashion-mnist}: Debian's dataset-fashion-mnist, 60,000 x 784 base, 10,000 queries
 *       ({@link FashionMnist});
 *   <li>{@code synthetic-128}: {@link Synthetic}, d = 128, {@code size} base vectors (100,000 by
 *       default, 1,000,000 on request) and 1,000 queries;
 *   <li>{@code vecs}: .fvecs/.bvecs base and query files, optional .ivecs ground truth, by path.
 * </ul>
 */
public final class Datasets {
    /** Names accepted by {@link #load}. */
    public static final String FASHION_MNIST = "fashion-mnist";
    /** Synthetic Gaussian mixture, d = 128. */
    public static final String SYNTHETIC_128 = "synthetic-128";
    /** Files given by path. */
    public static final String VECS = "vecs";
    /** Queries of synthetic-128. */
    public static final int SYNTHETIC_QUERIES = 1_000;
    /** Default database size of synthetic-128. */
    public static final int SYNTHETIC_DEFAULT_SIZE = 100_000;

    private Datasets() {}

    /**
     * What to load.
     *
     * @param name {@link #FASHION_MNIST}, {@link #SYNTHETIC_128} or {@link #VECS}
     * @param dataDir Fashion-MNIST directory, or null for the default
     * @param size synthetic-128 database size
     * @param seed synthetic-128 seed
     * @param base vecs: base file (.fvecs or .bvecs)
     * @param query vecs: query file (.fvecs or .bvecs)
     * @param groundTruth vecs: optional .ivecs ground truth, or null
     * @param maxBase keep at most this many base vectors (the first ones); &lt;= 0: all
     * @param maxQueries keep at most this many queries (the first ones); &lt;= 0: all
     * @param gtK neighbours per query kept in the ground truth (capped at nb)
     */
    public record Source(
            String name,
            Path dataDir,
            int size,
            long seed,
            Path base,
            Path query,
            Path groundTruth,
            int maxBase,
            int maxQueries,
            int gtK) {}

    /** Loads, trims and attaches ground truth; progress lines (starting with "#") go to log. */
    public static Dataset load(Source s, DataCache cache, PrintStream log) throws IOException {
        float[] base;
        float[] query;
        int d;
        String name = s.name();
        String origin;
        int[] givenGt = null;
        int givenGtK = 0;
        switch (s.name()) {
            case FASHION_MNIST -> {
                Path dir = s.dataDir() != null ? s.dataDir() : FashionMnist.defaultDir();
                log.println("# loading Fashion-MNIST from " + dir);
                FashionMnist.Dataset fm = FashionMnist.load(dir);
                base = fm.train();
                query = fm.test();
                d = fm.d();
                origin = "Fashion-MNIST (" + dir + ")";
            }
            case SYNTHETIC_128 -> {
                d = 128;
                int nb = s.maxBase() > 0 ? Math.min(s.size(), s.maxBase()) : s.size();
                int nq = s.maxQueries() > 0 ? Math.min(SYNTHETIC_QUERIES, s.maxQueries()) : SYNTHETIC_QUERIES;
                log.printf(Locale.ROOT, "# generating synthetic-128: %d + %d vectors, seed %d%n", nb, nq, s.seed());
                float[][] bq = Synthetic.generate(s.seed(), nb, nq, d);
                base = bq[0];
                query = bq[1];
                origin = String.format(
                        Locale.ROOT,
                        "Gaussian mixture (%d clusters, sigma %.1f, seed %d)",
                        Synthetic.CLUSTERS,
                        Synthetic.SIGMA,
                        s.seed());
            }
            case VECS -> {
                if (s.base() == null || s.query() == null) {
                    throw new IllegalArgumentException("vecs needs --base FILE and --query FILE");
                }
                log.println("# loading " + s.base() + " and " + s.query());
                Vecs.Floats b = Vecs.readFloats(s.base(), s.maxBase() > 0 ? s.maxBase() : -1);
                Vecs.Floats q = Vecs.readFloats(s.query(), s.maxQueries() > 0 ? s.maxQueries() : -1);
                if (b.d() != q.d()) {
                    throw new IllegalArgumentException("base d=" + b.d() + " but query d=" + q.d());
                }
                base = b.values();
                query = q.values();
                d = b.d();
                name = s.base().getFileName().toString().replaceFirst("(_base)?\\.[bf]vecs$", "");
                origin = s.base() + ", " + s.query();
                if (s.groundTruth() != null && s.maxBase() <= 0) {
                    Vecs.Ints gt = Vecs.readInts(s.groundTruth(), query.length / d);
                    givenGt = gt.values();
                    givenGtK = gt.d();
                    origin += ", ground truth " + s.groundTruth();
                }
            }
            default ->
                throw new IllegalArgumentException("unknown data set '" + s.name() + "' (known: " + FASHION_MNIST + ", "
                        + SYNTHETIC_128 + ", " + VECS + ")");
        }
        if (s.maxBase() > 0 && base.length / d > s.maxBase()) {
            base = Arrays.copyOf(base, s.maxBase() * d);
        }
        if (s.maxQueries() > 0 && query.length / d > s.maxQueries()) {
            query = Arrays.copyOf(query, s.maxQueries() * d);
        }
        int nb = base.length / d;
        int nq = query.length / d;
        int gtK = Math.min(s.gtK(), nb);
        int[] gt;
        if (givenGt != null && givenGtK >= gtK && givenGt.length / givenGtK == nq) {
            gt = new int[nq * gtK];
            for (int q = 0; q < nq; q++) {
                System.arraycopy(givenGt, q * givenGtK, gt, q * gtK, gtK);
            }
        } else {
            gt = cache.groundTruth(DataCache.key(name, base, query, d), base, query, d, gtK, log);
        }
        String description = String.format(Locale.ROOT, "%s: %d x %d base, %d queries", origin, nb, d, nq);
        return new Dataset(name, description, d, base, query, gt, gtK);
    }
}
