package dev.annvil.bench.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCacheTest {
    @TempDir
    Path dir;

    @Test
    void groundTruthIsExactAndComputedOnlyOnce() throws IOException {
        // 1-d points 0, 10, 3, 7; query 4: nearest 3 (id 2, dist 1), then 7 (id 3, dist 9), then 0 (id 0, 16).
        float[] base = {0, 10, 3, 7};
        float[] query = {4, 9.5f};
        DataCache cache = new DataCache(dir);
        String key = DataCache.key("hand", base, query, 1);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
        int[] gt = cache.groundTruth(key, base, query, 1, 3, out);
        assertThat(gt).containsExactly(2, 3, 0, 1, 3, 2);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("computing exact ground truth");
        log.reset();
        assertThat(cache.groundTruth(key, base, query, 1, 3, out)).containsExactly(gt);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("ground truth from cache");
    }

    @Test
    void keysChangeWithTheDataAndRawFilesAreLittleEndian() throws IOException {
        float[] base = {1, 2, 3, 4};
        float[] query = {1, 2};
        String k1 = DataCache.key("x", base, query, 2);
        assertThat(k1).startsWith("x-2x2-q1-");
        assertThat(DataCache.key("x", new float[] {1, 2, 3, 5}, query, 2)).isNotEqualTo(k1);
        Dataset ds = new Dataset("x", "test", 2, base, query, new int[] {0, 1}, 2);
        DataCache.RawFiles raw = new DataCache(dir).rawFiles(k1, ds);
        assertThat(Files.readAllBytes(raw.base())).hasSize(16).startsWith(0, 0, (byte) 0x80, 0x3f); // 1.0f
        assertThat(Files.readAllBytes(raw.groundTruth())).containsExactly(0, 0, 0, 0, 1, 0, 0, 0);
    }

    @Test
    void syntheticDataIsSeededAndDatasetsTrimIt() throws IOException {
        float[][] a = Synthetic.generate(7, 50, 5, 128);
        float[][] b = Synthetic.generate(7, 50, 5, 128);
        assertThat(a[0]).containsExactly(b[0]);
        assertThat(a[1]).containsExactly(b[1]);
        assertThat(Synthetic.generate(8, 50, 5, 128)[0]).isNotEqualTo(a[0]);
        Datasets.Source s = new Datasets.Source(Datasets.SYNTHETIC_128, null, 50, 7, null, null, null, 40, 5, 100);
        Dataset ds = Datasets.load(s, new DataCache(dir), new PrintStream(new ByteArrayOutputStream()));
        assertThat(ds.nb()).isEqualTo(40);
        assertThat(ds.nq()).isEqualTo(5);
        assertThat(ds.gtK()).isEqualTo(40);
        assertThat(ds.groundTruthLabels(10)).hasSize(50);
    }
}
