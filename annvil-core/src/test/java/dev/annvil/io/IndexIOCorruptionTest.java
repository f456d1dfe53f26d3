package dev.annvil.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.annvil.Index;
import dev.annvil.IndexFactory;
import dev.annvil.IndexIVF;
import dev.annvil.MetricType;
import dev.annvil.invlists.DirectMap;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Damaged files: every truncation, and a huge or negative 8-byte value written at every offset,
 * must either load or raise {@link FaissFormatException} (never another exception, never an
 * allocation sized by the bad field).
 */
class IndexIOCorruptionTest {
    private static final int D = 8;
    private static final int N = 40;

    private static byte[] write(Index index) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndexIO.writeIndex(index, out);
        return out.toByteArray();
    }

    private static Index read(byte[] bytes) throws IOException {
        return IndexIO.readIndex(new ByteArrayInputStream(bytes), bytes.length, "test");
    }

    private static Index built(String description) {
        float[] x = new float[N * D];
        Random rnd = new Random(42);
        for (int i = 0; i < x.length; i++) {
            x[i] = rnd.nextFloat();
        }
        Index index = IndexFactory.create(D, description, MetricType.L2);
        index.train(N, x);
        if (description.startsWith("IDMap")) {
            long[] ids = new long[N];
            for (int i = 0; i < N; i++) {
                ids[i] = 3L * i + 7;
            }
            index.addWithIds(N, x, ids);
        } else {
            index.add(N, x);
        }
        return index;
    }

    private static void readsOrFailsCleanly(byte[] bytes, String what) {
        try {
            read(bytes);
        } catch (FaissFormatException e) {
            assertThat(e.getMessage()).contains("test").contains("byte");
        } catch (Throwable t) {
            fail(what + ": " + t, t);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Flat",
                "PQ4x4",
                "SQ8",
                "IVF4,Flat",
                "IVF4,PQ4x4",
                "IVF4,SQ8",
                "HNSW4",
                "HNSW4_SQ8",
                "IVF4,Flat,RFlat",
                "IDMap,HNSW4",
                "IDMap2,IVF4,PQ4x4"
            })
    void truncationsAndHugeSizesFailCleanly(String description) throws IOException {
        byte[] good = write(built(description));
        Index back = read(good);
        assertThat(write(back)).isEqualTo(good);
        for (int len = 0; len < good.length; len += len < 200 ? 1 : 37) {
            int cut = len;
            assertThatThrownBy(() -> read(Arrays.copyOf(good, cut)))
                    .as("%s truncated to %d of %d bytes", description, cut, good.length)
                    .isInstanceOf(FaissFormatException.class);
        }
        long[] poison = {1L << 40, Long.MAX_VALUE, -1L, 0x7fffffffL};
        for (int at = 0; at + 8 <= good.length; at += at < 400 ? 1 : 13) {
            for (long v : poison) {
                byte[] bad = good.clone();
                ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN).putLong(at, v);
                readsOrFailsCleanly(bad, description + " with " + v + " at byte " + at);
            }
        }
    }

    @Test
    void directMapsRoundTrip() throws IOException {
        for (DirectMap.Type type : new DirectMap.Type[] {DirectMap.Type.ARRAY, DirectMap.Type.HASHTABLE}) {
            IndexIVF ivf = (IndexIVF) built("IVF4,Flat");
            ivf.setDirectMapType(type);
            byte[] good = write(ivf);
            IndexIVF back = (IndexIVF) read(good);
            assertThat(back.directMap().type()).isEqualTo(type);
            assertThat(back.directMap().get(17)).isEqualTo(ivf.directMap().get(17));
            assertThat(write(back)).isEqualTo(good);
        }
    }

    @Test
    void hnswWithDeletionMarksIsRefusedByTheWriter() {
        Index hnsw = built("HNSW4");
        hnsw.removeIds(new dev.annvil.IDSelectorRange(0, 5));
        assertThatThrownBy(() -> write(hnsw))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("deleted");
    }

    @Test
    void unknownFourccAndDeepNestingAreRejected() {
        byte[] junk = "XXXXabcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> read(junk))
                .isInstanceOf(FaissFormatException.class)
                .hasMessageContaining("XXXX")
                .hasMessageContaining("byte 0");
        // IxMp records nested 40 deep: header of each is d=8, ntotal=0
        ByteBuffer b = ByteBuffer.allocate(40 * 37).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 40; i++) {
            b.put("IxMp".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            b.putInt(D)
                    .putLong(0)
                    .putLong(1 << 20)
                    .putLong(1 << 20)
                    .put((byte) 1)
                    .putInt(1);
        }
        assertThatThrownBy(() -> read(b.array()))
                .isInstanceOf(FaissFormatException.class)
                .hasMessageContaining("nesting");
    }
}
