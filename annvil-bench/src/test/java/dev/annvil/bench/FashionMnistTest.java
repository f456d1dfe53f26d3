package dev.annvil.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    /** An IDX3 file of count images of rows x cols, pixel i = i % 256 (so 255 and 0 both occur). */
    private static byte[] idx(int magic, int count, int rows, int cols, int pixelBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        for (int i = 0; i < pixelBytes; i++) {
            out.writeByte(i % 256);
        }
        return bytes.toByteArray();
    }

    private Path write(String name, byte[] content, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(content);
        }
        return p;
    }

    @Test
    void readsMagicDimsAndUnsignedPixelValues() throws IOException {
        Path p = write("small-idx3-ubyte.gz", idx(0x803, 3, 10, 30, 900), true);
        FashionMnist.Images im = FashionMnist.readImages(p, 3, 300);
        assertThat(im.count()).isEqualTo(3);
        assertThat(im.rows()).isEqualTo(10);
        assertThat(im.cols()).isEqualTo(30);
        assertThat(im.dim()).isEqualTo(300);
        assertThat(im.vectors()).hasSize(900);
        assertThat(im.vectors()[0]).isEqualTo(0f);
        assertThat(im.vectors()[255]).isEqualTo(255f); // unsigned, not -1
        assertThat(im.vectors()[256]).isEqualTo(0f);
        assertThat(im.vectors()[300 + 7]).isEqualTo((300 + 7) % 256); // image 1, pixel 7
    }

    @Test
    void readsUncompressedFilesToo() throws IOException {
        Path p = write("small-idx3-ubyte", idx(0x803, 2, 2, 2, 8), false);
        assertThat(FashionMnist.readImages(p, -1, -1).vectors()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    }

    @Test
    void rejectsWrongMagicSizesTruncationAndTrailingBytes() throws IOException {
        Path labels = write("labels.gz", idx(0x801, 2, 2, 2, 8), true);
        assertThatThrownBy(() -> FashionMnist.readImages(labels, -1, -1)).hasMessageContaining("magic 0x00000801");
        Path small = write("small.gz", idx(0x803, 2, 2, 2, 8), true);
        assertThatThrownBy(() -> FashionMnist.readImages(small, 3, -1)).hasMessageContaining("expected 3 images");
        assertThatThrownBy(() -> FashionMnist.readImages(small, 2, 784)).hasMessageContaining("784 pixels");
        Path truncated = write("truncated.gz", idx(0x803, 2, 2, 2, 7), true);
        assertThatThrownBy(() -> FashionMnist.readImages(truncated, 2, 4)).hasMessageContaining("truncated");
        Path trailing = write("trailing.gz", idx(0x803, 2, 2, 2, 9), true);
        assertThatThrownBy(() -> FashionMnist.readImages(trailing, 2, 4)).hasMessageContaining("trailing");
    }

    @Test
    void missingDatasetSaysHowToInstallIt() {
        Path empty = dir.resolve("nothing-here");
        assertThatThrownBy(() -> FashionMnist.load(empty))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("Fashion-MNIST not found at " + empty
                        + ": install it with: sudo apt-get install dataset-fashion-mnist");
    }
}
