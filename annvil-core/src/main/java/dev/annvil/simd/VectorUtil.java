package dev.annvil.simd;

import java.lang.System.Logger.Level;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The one entry point for distance kernels. The implementation is chosen once, at class
 * initialisation, and logged: the fastest {@link VectorUtilSupport} found on the class path
 * (annvil-simd's Panama kernels need {@code --add-modules jdk.incubator.vector}), else the scalar
 * one.
 *
 * <p>Force a choice with the system property {@code annvil.vectorization}: {@code scalar} or
 * {@code panama}. Forcing {@code panama} when it cannot load fails at start-up with an {@link
 * IllegalStateException} instead of silently falling back.
 *
 * <p>Shapes and units are those of {@link VectorUtilSupport}. Safe for concurrent use.
 */
public final class VectorUtil {
    /** System property that forces the implementation: "scalar" or "panama". */
    public static final String PROPERTY = "annvil.vectorization";

    private static final System.Logger LOG = System.getLogger(VectorUtil.class.getName());
    private static final VectorUtilSupport IMPL = choose();

    private VectorUtil() {}

    private static VectorUtilSupport choose() {
        String forced = System.getProperty(PROPERTY, "").trim().toLowerCase(Locale.ROOT);
        if (forced.equals("scalar")) {
            LOG.log(Level.INFO, "VectorUtil: scalar kernels (forced by -D" + PROPERTY + "=scalar)");
            return new ScalarVectorUtilSupport();
        }
        if (!forced.isEmpty() && !forced.equals("panama")) {
            throw new IllegalStateException("-D" + PROPERTY + "=" + forced + " is not one of: scalar, panama");
        }
        Throwable failure = null;
        try {
            for (VectorUtilSupport candidate : ServiceLoader.load(VectorUtilSupport.class)) {
                LOG.log(Level.INFO, "VectorUtil: " + candidate.name() + " kernels");
                return candidate;
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            failure = e;
        }
        String why = failure == null
                ? "annvil-simd is not on the class path"
                : "the Vector API did not load (" + failure + "); run with --add-modules jdk.incubator.vector";
        if (forced.equals("panama")) {
            throw new IllegalStateException("-D" + PROPERTY + "=panama but " + why, failure);
        }
        LOG.log(Level.WARNING, "VectorUtil: scalar kernels, because " + why);
        return new ScalarVectorUtilSupport();
    }

    /** The implementation in use. */
    public static VectorUtilSupport support() {
        return IMPL;
    }

    /** Inner product of a[aOffset .. aOffset+d) and b[bOffset .. bOffset+d). */
    public static float dotProduct(float[] a, int aOffset, float[] b, int bOffset, int d) {
        return IMPL.dotProduct(a, aOffset, b, bOffset, d);
    }

    /** Squared L2 distance of a[aOffset .. aOffset+d) and b[bOffset .. bOffset+d). */
    public static float squareDistance(float[] a, int aOffset, float[] b, int bOffset, int d) {
        return IMPL.squareDistance(a, aOffset, b, bOffset, d);
    }

    /** See {@link VectorUtilSupport#dotProductBatch}. */
    public static void dotProductBatch(
            float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset) {
        IMPL.dotProductBatch(x, xOffset, y, yOffset, n, d, out, outOffset);
    }

    /** See {@link VectorUtilSupport#squareDistanceBatch}. */
    public static void squareDistanceBatch(
            float[] x, int xOffset, float[] y, int yOffset, int n, int d, float[] out, int outOffset) {
        IMPL.squareDistanceBatch(x, xOffset, y, yOffset, n, d, out, outOffset);
    }

    /** See {@link VectorUtilSupport#dotProductBlock}. */
    public static void dotProductBlock(
            float[] x, int xOffset, int nx, float[] y, int yOffset, int ny, int d, float[] out) {
        IMPL.dotProductBlock(x, xOffset, nx, y, yOffset, ny, d, out);
    }

    /** See {@link VectorUtilSupport#squareDistance4}. */
    public static void squareDistance4(
            float[] x, int xOffset, float[] y, int y0, int y1, int y2, int y3, int d, float[] out, int outOffset) {
        IMPL.squareDistance4(x, xOffset, y, y0, y1, y2, y3, d, out, outOffset);
    }

    /** See {@link VectorUtilSupport#dotProduct4}. */
    public static void dotProduct4(
            float[] x, int xOffset, float[] y, int y0, int y1, int y2, int y3, int d, float[] out, int outOffset) {
        IMPL.dotProduct4(x, xOffset, y, y0, y1, y2, y3, d, out, outOffset);
    }

    /** See {@link VectorUtilSupport#squareDistanceU8}. */
    public static float squareDistanceU8(float[] x, int xOffset, float[] scale, byte[] codes, int codesOffset, int d) {
        return IMPL.squareDistanceU8(x, xOffset, scale, codes, codesOffset, d);
    }

    /** See {@link VectorUtilSupport#dotProductU8}. */
    public static float dotProductU8(float[] x, int xOffset, byte[] codes, int codesOffset, int d) {
        return IMPL.dotProductU8(x, xOffset, codes, codesOffset, d);
    }
}
