package dev.annvil.simd.panama;

import dev.annvil.simd.ScalarVectorUtilSupport;
import dev.annvil.simd.VectorUtilSupport;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * A quick timing harness, not a test (Surefire never runs it): GFLOP/s of {@code dotProductBlock}
 * (Panama and scalar) and GB/s of the batch kernels over a 60,000 x 784 database, single-threaded,
 * as the median of several timed runs after warm-up. Run after {@code install}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector \
 *   -cp annvil-core/target/classes:annvil-simd/target/classes:annvil-simd/target/test-classes \
 *   dev.annvil.simd.panama.KernelTiming [runs]
 * </pre>
 *
 * <p>Compare with OpenBLAS SGEMM (what FAISS uses) on the same machine, in the same session:
 *
 * <pre>
 * OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 python3 -c "import numpy as np, time
 * x=np.random.rand(1024,784).astype(np.float32); y=np.random.rand(256,784).astype(np.float32)
 * t=[]
 * for _ in range(30): s=time.perf_counter(); x@y.T; t.append(time.perf_counter()-s)
 * print(2*1024*256*784/sorted(t)[15]/1e9, 'GFLOP/s')"
 * </pre>
 */
public final class KernelTiming {
    private static volatile float sink;

    private KernelTiming() {}

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        VectorUtilSupport panama = new PanamaVectorUtilSupport();
        VectorUtilSupport scalar = new ScalarVectorUtilSupport();
        System.out.println("kernels: " + panama.name() + " vs " + scalar.name() + ", " + runs + " runs, median");
        Random rnd = new Random(42);
        int d = 784;
        int nx = 1024;
        float[] x = random(rnd, nx * d);
        float[] y = random(rnd, 256 * d);
        for (int ny : new int[] {128, 192, 256}) {
            double p = blockGflops(panama, x, nx, y, ny, d, runs, 20);
            double s = blockGflops(scalar, x, 128, y, ny, d, Math.min(runs, 5), 2);
            System.out.printf(
                    Locale.ROOT,
                    "dotProductBlock nx=%d ny=%d d=%d: panama %.1f GFLOP/s, scalar %.1f GFLOP/s (%.1fx)%n",
                    nx,
                    ny,
                    d,
                    p,
                    s,
                    p / s);
        }
        int n = 60_000;
        float[] db = random(rnd, n * d);
        float[] q = random(rnd, d);
        float[] out = new float[n];
        for (boolean l2 : new boolean[] {true, false}) {
            for (VectorUtilSupport impl : new VectorUtilSupport[] {panama, scalar}) {
                double[] t = new double[runs];
                for (int r = -3; r < runs; r++) {
                    long start = System.nanoTime();
                    if (l2) {
                        impl.squareDistanceBatch(q, 0, db, 0, n, d, out, 0);
                    } else {
                        impl.dotProductBatch(q, 0, db, 0, n, d, out, 0);
                    }
                    if (r >= 0) {
                        t[r] = (System.nanoTime() - start) * 1e-9;
                    }
                    sink += out[r & 1023 & (n - 1)];
                }
                double sec = median(t);
                System.out.printf(
                        Locale.ROOT,
                        "%s %s n=%d d=%d (%.0f MB): %.1f GB/s, %.2f ms%n",
                        l2 ? "squareDistanceBatch" : "dotProductBatch",
                        impl.name(),
                        n,
                        d,
                        n * (double) d * 4 / 1e6,
                        n * (double) d * 4 / sec / 1e9,
                        sec * 1e3);
            }
        }
    }

    private static double blockGflops(
            VectorUtilSupport impl, float[] x, int nx, float[] y, int ny, int d, int runs, int warmup) {
        float[] out = new float[nx * ny];
        double[] t = new double[runs];
        for (int r = -warmup; r < runs; r++) {
            long start = System.nanoTime();
            impl.dotProductBlock(x, 0, nx, y, 0, ny, d, out);
            if (r >= 0) {
                t[r] = (System.nanoTime() - start) * 1e-9;
            }
            sink += out[(r & 63) * 7];
        }
        return 2.0 * nx * ny * d / median(t) / 1e9;
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextFloat() * 2 - 1;
        }
        return a;
    }

    private static double median(double[] t) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
