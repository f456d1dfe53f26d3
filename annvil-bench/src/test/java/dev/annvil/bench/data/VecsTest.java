package dev.annvil.bench.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VecsTest {
    @TempDir
    Path dir;

    @Test
    void floatsAndIntsRoundTripWithALimit() throws IOException {
        Path f = dir.resolve("x.fvecs");
        Vecs.writeFloats(f, 3, new float[] {1, 2, 3, 4.5f, -5, 6});
        assertThat(Files.size(f)).isEqualTo(2 * (4 + 12));
        Vecs.Floats r = Vecs.readFloats(f, -1);
        assertThat(r.n()).isEqualTo(2);
        assertThat(r.d()).isEqualTo(3);
        assertThat(r.values()).containsExactly(1, 2, 3, 4.5f, -5, 6);
        assertThat(Vecs.readFloats(f, 1).values()).containsExactly(1, 2, 3);
        Path i = dir.resolve("gt.ivecs");
        Vecs.writeInts(i, 2, new int[] {7, 8, 9, 10});
        assertThat(Vecs.readInts(i, -1).values()).containsExactly(7, 8, 9, 10);
    }

    @Test
    void bvecsAreUnsignedBytes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(2 * (4 + 2)).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(2).put((byte) 0).put((byte) 255).putInt(2).put((byte) 7).put((byte) 128);
        Path f = Files.write(dir.resolve("x.bvecs"), b.array());
        assertThat(Vecs.readFloats(f, -1).values()).containsExactly(0, 255, 7, 128);
    }

    @Test
    void rejectsTruncatedFilesAndVaryingDimensions() throws IOException {
        Path f = dir.resolve("t.fvecs");
        Vecs.writeFloats(f, 2, new float[] {1, 2, 3, 4});
        byte[] all = Files.readAllBytes(f);
        Path truncated = Files.write(dir.resolve("u.fvecs"), java.util.Arrays.copyOf(all, all.length - 1));
        assertThatThrownBy(() -> Vecs.readFloats(truncated, -1)).hasMessageContaining("not a multiple");
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.write(all, 0, 12);
        bad.write(new byte[] {3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}); // second record claims d = 3
        Path varying = Files.write(dir.resolve("v.fvecs"), bad.toByteArray());
        assertThatThrownBy(() -> Vecs.readFloats(varying, -1))
                .hasMessageContaining("vector 1 at byte offset 12 has d=3");
    }
}
