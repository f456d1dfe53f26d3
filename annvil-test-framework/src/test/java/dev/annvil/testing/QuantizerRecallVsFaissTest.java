package dev.annvil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.annvil.Index;
import dev.annvil.IndexPQ;
import dev.annvil.IndexScalarQuantizer;
import dev.annvil.impl.ScalarQuantizer.QuantizerType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recall of IndexPQ and IndexScalarQuantizer against FAISS on a seeded subset of Fashion-MNIST
 * (20,000 base vectors from the training images, 500 queries from the test images, d = 784, raw
 * pixel values): both libraries train on the first 5,000 base vectors (FAISS warns below 9,984 for 256 centroids; kept small so the test stays near 20 s), add all 20,000 and search
 * k = 10; 10-recall@10 against FAISS's exact IndexFlatL2 must agree within 0.01. Covers IndexPQ
 * M=16 nbits=8 and IndexScalarQuantizer QT_8bit, and M=28 with -Dannvil.test.full=true. Both numbers and
 * the search times of the 500-query batch are in the messages (and printed). Skipped when
 * python3-faiss or the data set is missing.
 */
class QuantizerRecallVsFaissTest {
    private static final long SEED = 20_240_611L;
    /** -Dannvil.test.full=true adds IndexPQ M=28 (about a minute more). */
    private static final boolean FULL = Boolean.getBoolean("annvil.test.full");

    private static final int D = FashionMnistFiles.D, NB = 20_000, NT = 5_000, NQ = 500, K = 10;

    @TempDir
    Path dir;

    @Test
    void recallMatchesFaiss() throws Exception {
        FaissPython.assumeAvailable();
        FashionMnistFiles.Subset data = FashionMnistFiles.subset(NB, NQ, SEED);
        data.writeTo(dir);
        float[] xb = data.xb();
        float[] xq = data.xq();
        String[] names = FULL ? new String[] {"PQ16", "SQ8", "PQ28"} : new String[] {"PQ16", "SQ8"};
        String out = FaissPython.run(dir, """
                import faiss, numpy as np, time
                d, nt, k = %d, %d, %d
                xb = np.fromfile('xb.bin', dtype='float32').reshape(-1, d)
                xq = np.fromfile('xq.bin', dtype='float32').reshape(-1, d)
                gt = faiss.IndexFlatL2(d); gt.add(xb)
                gt.search(xq, k)[1].tofile('gt.bin')
                def run(name, idx):
                    idx.train(xb[:nt]); idx.add(xb)
                    idx.search(xq[:50], k)
                    t0 = time.time(); D, I = idx.search(xq, k); t = time.time() - t0
                    I.tofile(name + '.I')
                    print(name, '%%.1f' %% (1000 * t))
                run('PQ16', faiss.IndexPQ(d, 16, 8))
                if %s:
                    run('PQ28', faiss.IndexPQ(d, 28, 8))
                # IndexScalarQuantizer's own search has no SIMD in Debian's generic x86-64 build of
                # 1.7.3 (about 25 s here): rank by exact L2 to its decoded codes instead, which is
                # what its distance computer computes
                sq = faiss.IndexScalarQuantizer(d, faiss.ScalarQuantizer.QT_8bit)
                sq.train(xb[:nt]); sq.add(xb)
                dec = faiss.IndexFlatL2(d); dec.add(sq.sa_decode(sq.sa_encode(xb)))
                dec.search(xq, k)[1].tofile('SQ8.I')
                print('SQ8 n/a')
                """.formatted(D, NT, K, FULL ? "True" : "False"));
        long[] gt = FaissPython.readLongs(dir.resolve("gt.bin"));
        float[] xt = Arrays.copyOf(xb, NT * D);
        Index[] ours = {new IndexPQ(D, 16, 8), new IndexScalarQuantizer(D, QuantizerType.QT_8bit), new IndexPQ(D, 28, 8)
        };
        for (int c = 0; c < names.length; c++) {
            Index index = ours[c];
            long t0 = System.nanoTime();
            index.train(NT, xt);
            index.add(NB, xb);
            long t1 = System.nanoTime();
            index.search(50, Arrays.copyOf(xq, 50 * D), K, new float[50 * K], new long[50 * K]);
            long[] labels = new long[NQ * K];
            long t2 = System.nanoTime();
            index.search(NQ, xq, K, new float[NQ * K], labels);
            double searchMs = (System.nanoTime() - t2) / 1e6;
            double annvil = Recall.recallAtK(labels, K, gt, K, NQ, K);
            double faiss = Recall.recallAtK(FaissPython.readLongs(dir.resolve(names[c] + ".I")), K, gt, K, NQ, K);
            String prefix = names[c] + " ";
            String faissMs = out.lines()
                    .filter(l -> l.startsWith(prefix))
                    .findFirst()
                    .orElse("? ?")
                    .split(" ")[1];
            String line = String.format(
                    Locale.ROOT,
                    "%s: 10-recall@10 Annvil %.4f FAISS %.4f; search of %d queries: Annvil %.1f ms, FAISS %s ms;"
                            + " Annvil train+add %.1f s (seed=%d)",
                    names[c],
                    annvil,
                    faiss,
                    NQ,
                    searchMs,
                    faissMs,
                    (t1 - t0) / 1e9,
                    SEED);
            System.out.println(line);
            assertThat(Math.abs(annvil - faiss)).as(line).isLessThanOrEqualTo(0.01);
        }
    }
}
