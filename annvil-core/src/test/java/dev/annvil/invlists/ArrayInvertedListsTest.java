package dev.annvil.invlists;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.annvil.impl.Float32Codes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The in-memory inverted lists (bytes per list and floats per list) against a plain model: random
 * appends, overwrites, resizes and resets, then the same ids and codes; and the errors of each
 * operation.
 */
class ArrayInvertedListsTest {
    static final long SEED = 20240611L;
    static final int NLIST = 5;
    static final int D = 3;
    static final int CODE_SIZE = 4 * D;

    static List<Arguments> lists() {
        return List.of(
                Arguments.of("bytes", (Supplier<InvertedLists>) () -> new ArrayInvertedLists(NLIST, CODE_SIZE)),
                Arguments.of("floats", (Supplier<InvertedLists>) () -> new FloatArrayInvertedLists(NLIST, D)));
    }

    /** n codes of CODE_SIZE bytes, each the little-endian bytes of D random floats. */
    static byte[] codes(Random r, int n) {
        float[] x = new float[n * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        byte[] out = new byte[n * CODE_SIZE];
        Float32Codes.encode(x, 0, out, 0, x.length);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void randomOperationsMatchAPlainModel(String name, Supplier<InvertedLists> factory) {
        InvertedLists il = factory.get();
        List<List<Long>> modelIds = new ArrayList<>();
        List<List<byte[]>> modelCodes = new ArrayList<>();
        for (int l = 0; l < NLIST; l++) {
            modelIds.add(new ArrayList<>());
            modelCodes.add(new ArrayList<>());
        }
        Random r = new Random(SEED);
        long nextId = 0;
        long peakRam = 0;
        for (int step = 0; step < 2000; step++) {
            int l = r.nextInt(NLIST);
            List<Long> ids = modelIds.get(l);
            List<byte[]> cs = modelCodes.get(l);
            int op = r.nextInt(10);
            if (op < 3) {
                byte[] code = codes(r, 2);
                int at = il.addEntry(l, nextId, code, CODE_SIZE);
                assertThat(at).as("seed %d step %d", SEED, step).isEqualTo(ids.size());
                ids.add(nextId++);
                cs.add(Arrays.copyOfRange(code, CODE_SIZE, 2 * CODE_SIZE));
            } else if (op < 6) {
                int n = r.nextInt(40);
                long[] newIds = new long[n + 1];
                for (int i = 1; i <= n; i++) {
                    newIds[i] = nextId++;
                }
                byte[] code = codes(r, n + 1);
                int at = il.addEntries(l, n, newIds, 1, code, CODE_SIZE);
                assertThat(at).as("seed %d step %d", SEED, step).isEqualTo(ids.size());
                for (int i = 0; i < n; i++) {
                    ids.add(newIds[i + 1]);
                    cs.add(Arrays.copyOfRange(code, (i + 1) * CODE_SIZE, (i + 2) * CODE_SIZE));
                }
            } else if (op < 7 && !ids.isEmpty()) {
                int offset = r.nextInt(ids.size());
                int n = 1 + r.nextInt(ids.size() - offset);
                long[] newIds = new long[n];
                for (int i = 0; i < n; i++) {
                    newIds[i] = nextId++;
                }
                byte[] code = codes(r, n);
                il.updateEntries(l, offset, n, newIds, 0, code, 0);
                for (int i = 0; i < n; i++) {
                    ids.set(offset + i, newIds[i]);
                    cs.set(offset + i, Arrays.copyOfRange(code, i * CODE_SIZE, (i + 1) * CODE_SIZE));
                }
            } else if (op < 9) {
                int newSize = r.nextInt(2 * ids.size() + 3);
                il.resize(l, newSize);
                while (ids.size() > newSize) {
                    ids.removeLast();
                    cs.removeLast();
                }
                while (ids.size() < newSize) {
                    ids.add(-1L);
                    cs.add(new byte[CODE_SIZE]);
                }
            } else if (r.nextInt(20) == 0) {
                il.reset();
                modelIds.forEach(List::clear);
                modelCodes.forEach(List::clear);
            }
            peakRam = Math.max(peakRam, il.ramBytesUsed());
            assertMatches(il, modelIds, modelCodes, "seed " + SEED + " step " + step);
        }
        il.reset();
        assertThat(il.computeNtotal()).isZero();
        assertThat(il.ramBytesUsed()).isLessThan(peakRam);
    }

    static void assertMatches(InvertedLists il, List<List<Long>> modelIds, List<List<byte[]>> modelCodes, String at) {
        long total = 0;
        for (int l = 0; l < NLIST; l++) {
            int size = modelIds.get(l).size();
            total += size;
            assertThat(il.listSize(l)).as(at).isEqualTo(size);
            long[] ids = il.getIds(l);
            byte[] codes = il.getCodes(l);
            assertThat(ids.length).as(at).isGreaterThanOrEqualTo(size);
            assertThat(codes.length).as(at).isGreaterThanOrEqualTo(size * CODE_SIZE);
            for (int j = 0; j < size; j++) {
                assertThat(ids[j]).as(at).isEqualTo(modelIds.get(l).get(j));
                assertThat(Arrays.copyOfRange(codes, j * CODE_SIZE, (j + 1) * CODE_SIZE))
                        .as(at)
                        .containsExactly(modelCodes.get(l).get(j));
            }
            if (il instanceof FloatArrayInvertedLists f && size > 0) {
                float[] expected = new float[size * D];
                Float32Codes.decode(codes, 0, expected, 0, size * D);
                assertThat(Arrays.copyOf(f.getFloats(l), size * D)).as(at).containsExactly(expected);
            }
        }
        assertThat(il.computeNtotal()).as(at).isEqualTo(total);
        assertThat(il.ramBytesUsed()).as(at).isGreaterThanOrEqualTo(total * (8 + CODE_SIZE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void badArgumentsAreRefusedAndChangeNothing(String name, Supplier<InvertedLists> factory) {
        InvertedLists il = factory.get();
        Random r = new Random(SEED);
        byte[] three = codes(r, 3);
        il.addEntries(1, 3, new long[] {7, 8, 9}, 0, three, 0);
        assertThatThrownBy(() -> il.listSize(NLIST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listNo=" + NLIST);
        assertThatThrownBy(() -> il.getIds(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> il.getCodes(NLIST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> il.addEntry(1, 5, new byte[CODE_SIZE], 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("code.length=" + CODE_SIZE);
        assertThatThrownBy(() -> il.addEntries(1, 2, new long[1], 0, new byte[2 * CODE_SIZE], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ids.length=1");
        assertThatThrownBy(() -> il.addEntries(1, 2, new long[2], 0, new byte[2 * CODE_SIZE - 1], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("codes.length=");
        assertThatThrownBy(() -> il.addEntries(1, -1, new long[2], 0, new byte[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> il.updateEntries(1, 2, 2, new long[2], 0, new byte[2 * CODE_SIZE], 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("entries [2, 4) are outside list 1 of size 3");
        assertThatThrownBy(() -> il.updateEntries(1, -1, 1, new long[1], 0, new byte[CODE_SIZE], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> il.resize(1, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("newSize");
        assertThatThrownBy(() -> il.getSingleId(1, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThat(il.listSize(1)).isEqualTo(3);
        assertThat(Arrays.copyOf(il.getIds(1), 3)).containsExactly(7, 8, 9);
        assertThat(Arrays.copyOf(il.getCodes(1), 3 * CODE_SIZE)).containsExactly(three);
        assertThat(il.getSingleCode(1, 2)).containsExactly(Arrays.copyOfRange(three, 2 * CODE_SIZE, 3 * CODE_SIZE));
    }

    @ParameterizedTest(name = "{0} into {1}")
    @MethodSource("mergePairs")
    void mergeFromMovesEveryEntryAndShiftsIds(
            String from, String into, Supplier<InvertedLists> source, Supplier<InvertedLists> target) {
        Random r = new Random(SEED);
        InvertedLists a = target.get();
        InvertedLists b = source.get();
        byte[] ca = codes(r, 2);
        byte[] cb = codes(r, 3);
        a.addEntries(0, 2, new long[] {1, 2}, 0, ca, 0);
        b.addEntries(0, 1, new long[] {10}, 0, cb, 0);
        b.addEntries(4, 2, new long[] {11, 12}, 0, cb, CODE_SIZE);
        a.mergeFrom(b, 100);
        assertThat(b.computeNtotal()).isZero();
        assertThat(a.listSize(0)).isEqualTo(3);
        assertThat(Arrays.copyOf(a.getIds(0), 3)).containsExactly(1, 2, 110);
        assertThat(Arrays.copyOf(a.getCodes(0), 2 * CODE_SIZE)).containsExactly(ca);
        assertThat(Arrays.copyOfRange(a.getCodes(0), 2 * CODE_SIZE, 3 * CODE_SIZE))
                .containsExactly(Arrays.copyOf(cb, CODE_SIZE));
        assertThat(Arrays.copyOf(a.getIds(4), 2)).containsExactly(111, 112);
        assertThat(Arrays.copyOf(a.getCodes(4), 2 * CODE_SIZE))
                .containsExactly(Arrays.copyOfRange(cb, CODE_SIZE, 3 * CODE_SIZE));
        assertThatThrownBy(() -> a.mergeFrom(a, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> a.mergeFrom(new ArrayInvertedLists(NLIST + 1, CODE_SIZE), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nlist=" + (NLIST + 1));
    }

    static List<Arguments> mergePairs() {
        List<Arguments> out = new ArrayList<>();
        for (Arguments s : lists()) {
            for (Arguments t : lists()) {
                out.add(Arguments.of(s.get()[0], t.get()[0], s.get()[1], t.get()[1]));
            }
        }
        return out;
    }
}
