package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.annvil.IndexPQ;
import dev.annvil.impl.ScalarQuantizer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import dev.annvil.impl.ScalarQuantizer.RangeStat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Codes equal FAISS's, computed at test time by python3-faiss (1.7.3 on Debian 12): scalar
 * quantizer training vectors, sa_encode bytes and sa_decode floats for QT 0..6 and the range
 * statistics; product-quantizer codes (nbits 4..8, byte-aligned or not) from the same centroids,
 * and ADC search distances. Skipped, with the install command, when python3-faiss is absent.
 */
class QuantizerFaissInteropTest {
    private static final long SEED = 0xFA155L;

    @TempDir
    Path dir;

    private static float[] data(long seed, int n, int d, float lo, float hi) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = lo + (hi - lo) * r.nextFloat();
        }
        return x;
    }

    /** FAISS rounds float16 ties away from zero on generic x86-64 builds; we round ties to even. */
    private static boolean fp16Tie(float v) {
        int bits = Float.floatToRawIntBits(v) & 0x1FFF;
        return bits == 0x1000;
    }

    @Test
    void scalarQuantizerCodesEqualFaiss() throws Exception {
        assumeTrue(FaissPython.available(), FaissPython.INSTALL_HINT);
        int d = 13, nt = 60, nb = 40;
        float[] xt = data(SEED, nt, d, -2, 3);
        // the base spills outside the training range, to exercise clamping
        float[] xb = data(SEED + 1, nb, d, -2.5f, 3.5f);
        FaissPython.writeFloats(dir.resolve("xt.bin"), xt);
        FaissPython.writeFloats(dir.resolve("xb.bin"), xb);
        String[][] cases = {
            {"0", "0", "0"},
            {"1", "0", "0"},
            {"2", "0", "0"},
            {"3", "0", "0"},
            {"4", "0", "0"},
            {"5", "0", "0"},
            {"6", "0", "0"},
            {"0", "0", "0.1"},
            {"0", "1", "2.0"},
            {"0", "2", "0.05"},
            {"2", "3", "0"},
            {"6", "1", "1.5"}
        };
        StringBuilder py = new StringBuilder("""
                import faiss, numpy as np
                d = %d
                xt = np.fromfile('xt.bin', dtype='float32').reshape(-1, d)
                xb = np.fromfile('xb.bin', dtype='float32').reshape(-1, d)
                def run(name, qt, rs, arg, x):
                    idx = faiss.IndexScalarQuantizer(d, qt, faiss.METRIC_L2)
                    idx.sq.rangestat = rs
                    idx.sq.rangestat_arg = arg
                    idx.train(xt)
                    codes = idx.sa_encode(x)
                    codes.tofile(name + '.codes')
                    idx.sa_decode(codes).tofile(name + '.dec')
                    faiss.vector_to_array(idx.sq.trained).astype('float32').tofile(name + '.trained')
                """.formatted(d));
        for (int c = 0; c < cases.length; c++) {
            String x = cases[c][0].equals("5") ? "np.floor(np.abs(xb) * 60).astype('float32')" : "xb";
            py.append("run('c%d', %s, %s, %s, %s)\n".formatted(c, cases[c][0], cases[c][1], cases[c][2], x));
        }
        FaissPython.run(dir, py.toString());
        for (int c = 0; c < cases.length; c++) {
            QuantizerType qt = QuantizerType.fromFaiss(Integer.parseInt(cases[c][0]));
            ScalarQuantizer sq = new ScalarQuantizer(d, qt);
            sq.setRangestat(RangeStat.values()[Integer.parseInt(cases[c][1])]);
            sq.setRangestatArg(Float.parseFloat(cases[c][2]));
            sq.train(nt, xt);
            String what = "seed=" + SEED + " " + qt + " " + sq.rangestat() + " arg=" + sq.rangestatArg();
            assertThat(sq.getTrained())
                    .as(what + " trained")
                    .containsExactly(FaissPython.readFloats(dir.resolve("c" + c + ".trained")));
            float[] x = xb.clone();
            if (qt == QuantizerType.QT_8bit_direct) {
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) Math.floor(Math.abs(x[i]) * 60);
                }
            }
            byte[] ours = sq.computeCodes(nb, x);
            byte[] theirs = Files.readAllBytes(dir.resolve("c" + c + ".codes"));
            assertThat(ours).hasSameSizeAs(theirs);
            for (int i = 0; i < ours.length; i++) {
                if (ours[i] != theirs[i]) {
                    boolean tie = qt == QuantizerType.QT_fp16 && fp16Tie(x[i / 2]);
                    assertThat(tie)
                            .as(what + " code byte " + i + ": ours " + ours[i] + " FAISS " + theirs[i])
                            .isTrue();
                }
            }
            float[] decoded = new float[nb * d];
            sq.decode(nb, theirs, decoded);
            assertThat(decoded)
                    .as(what + " decode of FAISS's codes")
                    .containsExactly(FaissPython.readFloats(dir.resolve("c" + c + ".dec")));
        }
    }

    @Test
    void productQuantizerCodesAndDistancesEqualFaiss() throws Exception {
        assumeTrue(FaissPython.available(), FaissPython.INSTALL_HINT);
        int d = 12, M = 4, n = 600, nq = 7, k = 5;
        float[] x = data(SEED + 2, n, d, 0, 1);
        float[] xq = data(SEED + 3, nq, d, 0, 1);
        FaissPython.writeFloats(dir.resolve("x.bin"), x);
        FaissPython.writeFloats(dir.resolve("xq.bin"), xq);
        int[] nbitsCases = {4, 5, 6, 7, 8};
        IndexPQ[] ours = new IndexPQ[nbitsCases.length];
        StringBuilder py = new StringBuilder("""
                import faiss, numpy as np
                d, M = %d, %d
                x = np.fromfile('x.bin', dtype='float32').reshape(-1, d)
                xq = np.fromfile('xq.bin', dtype='float32').reshape(-1, d)
                def run(nbits):
                    idx = faiss.IndexPQ(d, M, nbits)
                    cent = np.fromfile('cent%%d.bin' %% nbits, dtype='float32')
                    faiss.copy_array_to_vector(cent, idx.pq.centroids)
                    idx.is_trained = True
                    idx.add(x)
                    faiss.vector_to_array(idx.codes).tofile('codes%%d.bin' %% nbits)
                    D, I = idx.search(xq, %d)
                    D.tofile('D%%d.bin' %% nbits)
                """.formatted(d, M, k));
        for (int c = 0; c < nbitsCases.length; c++) {
            int nbits = nbitsCases[c];
            ours[c] = new IndexPQ(d, M, nbits);
            ours[c].pq().setCp(ours[c].pq().cp().withNiter(10));
            ours[c].train(n, x);
            ours[c].add(n, x);
            FaissPython.writeFloats(
                    dir.resolve("cent" + nbits + ".bin"), ours[c].pq().getCentroids());
            py.append("run(%d)\n".formatted(nbits));
        }
        FaissPython.run(dir, py.toString());
        for (int c = 0; c < nbitsCases.length; c++) {
            int nbits = nbitsCases[c];
            String what = "seed=" + (SEED + 2) + " M=" + M + " nbits=" + nbits;
            byte[] theirs = Files.readAllBytes(dir.resolve("codes" + nbits + ".bin"));
            assertThat(ours[c].pq().codeSize()).isEqualTo((M * nbits + 7) / 8);
            byte[] codes = java.util.Arrays.copyOf(ours[c].getCodes(), n * ours[c].codeSize());
            int differ = 0;
            for (int i = 0; i < n; i++) {
                byte[] a = java.util.Arrays.copyOfRange(codes, i * ours[c].codeSize(), (i + 1) * ours[c].codeSize());
                byte[] b = java.util.Arrays.copyOfRange(theirs, i * ours[c].codeSize(), (i + 1) * ours[c].codeSize());
                if (!java.util.Arrays.equals(a, b)) {
                    differ++;
                }
            }
            // FAISS assigns with its own float kernels: a near-tie may go the other way, rarely
            assertThat(differ)
                    .as(what + ": vectors whose code differs from FAISS's")
                    .isLessThanOrEqualTo(n / 200);
            float[] dist = new float[nq * k];
            ours[c].search(nq, xq, k, dist, new long[nq * k]);
            float[] want = FaissPython.readFloats(dir.resolve("D" + nbits + ".bin"));
            for (int i = 0; i < nq * k; i++) {
                assertThat(dist[i]).as(what + " distance " + i).isCloseTo(want[i], within(1e-4f * (1 + want[i])));
            }
        }
    }
}
