package dev.annvil.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

class MsgpackCodecTest {

    private interface Packing {
        void pack(MessageBufferPacker p) throws IOException;
    }

    private static byte[] raw(Packing body) throws IOException {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            body.pack(p);
            return p.toByteArray();
        }
    }

    @Test
    void scalarsRoundTripWithWireTypes() throws Exception {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("action", "ping");
        in.put("small", 5);
        in.put("negative", -1L);
        in.put("big", Long.MAX_VALUE);
        in.put("f64", 0.1);
        in.put("flag", true);
        in.put("nothing", null);
        in.put("nested", Map.of("nprobe", 4, "list", List.of(1, "two", 3.5)));
        Map<String, Object> out = MsgpackCodec.decode(MsgpackCodec.encode(in));
        assertThat(out)
                .containsEntry("action", "ping")
                .containsEntry("small", 5L)
                .containsEntry("negative", -1L)
                .containsEntry("big", Long.MAX_VALUE)
                .containsEntry("f64", 0.1)
                .containsEntry("flag", true)
                .containsEntry("nothing", null);
        assertThat(out.get("nested")).isEqualTo(Map.of("nprobe", 4L, "list", List.of(1L, "two", 3.5)));
        assertThat(out.keySet()).containsExactlyElementsOf(in.keySet());
    }

    @Test
    void uint64AboveLongMaxDecodesAsBigInteger() throws Exception {
        BigInteger huge = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        byte[] body = raw(p -> p.packMapHeader(1).packString("id").packBigInteger(huge));
        assertThat(MsgpackCodec.decode(body)).containsEntry("id", huge);
    }

    @Test
    void stringsAndBooleansAreEncodedAsStrAndBool() throws Exception {
        byte[] bytes = MsgpackCodec.encode(Map.of("success", true));
        MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes);
        assertThat(u.unpackMapHeader()).isEqualTo(1);
        assertThat(u.getNextFormat()).isEqualTo(MessageFormat.FIXSTR);
        assertThat(u.unpackString()).isEqualTo("success");
        assertThat(u.getNextFormat()).isEqualTo(MessageFormat.BOOLEAN);
    }

    @Test
    void floatsEncodeAsFloat32AndDoublesAsFloat64() throws Exception {
        byte[] bytes = MsgpackCodec.encode(Map.of("a", new float[] {Float.MAX_VALUE}, "b", 1.5d));
        MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes);
        u.unpackMapHeader();
        for (int i = 0; i < 2; i++) {
            String key = u.unpackString();
            if (key.equals("a")) {
                assertThat(u.unpackArrayHeader()).isEqualTo(1);
                assertThat(u.getNextFormat()).isEqualTo(MessageFormat.FLOAT32);
                assertThat(u.unpackFloat()).isEqualTo(Float.MAX_VALUE);
            } else {
                assertThat(u.getNextFormat()).isEqualTo(MessageFormat.FLOAT64);
                assertThat(u.unpackDouble()).isEqualTo(1.5);
            }
        }
    }

    @Test
    void vectorFieldsDecodeIntoRowMajorFloats() throws Exception {
        // mixed int and float components, as a client sending an integer numpy array would
        byte[] body = raw(p -> {
            p.packMapHeader(2).packString("action").packString("add_vectors");
            p.packString("vectors").packArrayHeader(2);
            p.packArrayHeader(3).packDouble(0.25).packLong(2).packFloat(-1.5f);
            p.packArrayHeader(3).packLong(-7).packDouble(1e-3).packLong(0);
        });
        Object v = MsgpackCodec.decode(body).get("vectors");
        assertThat(v).isInstanceOf(FloatMatrix.class);
        FloatMatrix m = (FloatMatrix) v;
        assertThat(m.rows()).isEqualTo(2);
        assertThat(m.width()).isEqualTo(3);
        assertThat(m.data()).containsExactly(0.25f, 2f, -1.5f, -7f, 1e-3f, 0f);
    }

    @Test
    void raggedRowsFallBackToListsAndGiveAClearError() throws Exception {
        byte[] body = raw(p -> {
            p.packMapHeader(2).packString("query_vectors").packArrayHeader(2);
            p.packArrayHeader(2).packDouble(1).packDouble(2);
            p.packArrayHeader(3).packDouble(1).packDouble(2).packDouble(3);
            p.packString("k").packLong(3);
        });
        Map<String, Object> map = MsgpackCodec.decode(body);
        assertThat(map.get("query_vectors")).isInstanceOf(List.class);
        assertThat(map).containsEntry("k", 3L);
        assertThatThrownBy(() -> FloatMatrix.from("query_vectors", map.get("query_vectors")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query_vectors has ragged rows: row 1 has 3 components but row 0 has 2");
    }

    @Test
    void nonNumericAndWrongShapesGiveClearErrors() throws Exception {
        byte[] body = raw(p -> {
            p.packMapHeader(3).packString("vectors").packArrayHeader(1);
            p.packArrayHeader(2).packDouble(1).packString("x");
            p.packString("training_vectors").packString("abc");
            p.packString("query_vectors").packArrayHeader(0);
        });
        Map<String, Object> map = MsgpackCodec.decode(body);
        assertThatThrownBy(() -> FloatMatrix.from("vectors", map.get("vectors")))
                .hasMessage("vectors[0][1] is not a number: str \"x\"");
        assertThatThrownBy(() -> FloatMatrix.from("training_vectors", map.get("training_vectors")))
                .hasMessage("training_vectors must be an array of arrays of numbers, got str \"abc\"");
        FloatMatrix empty = FloatMatrix.from("query_vectors", map.get("query_vectors"));
        assertThat(empty.rows()).isZero();
        assertThat(empty.width()).isZero();
        assertThatThrownBy(() -> FloatMatrix.from("vectors", List.of(1.0, 2.0)))
                .hasMessage("vectors[0] must be an array of numbers, got float 1.0");
    }

    @Test
    void matrixRoundTrip() throws Exception {
        FloatMatrix m = new FloatMatrix(2, 2, new float[] {1, 2, 3, 4});
        Map<String, Object> out = MsgpackCodec.decode(MsgpackCodec.encode(Map.of("vectors", m)));
        assertThat(out.get("vectors")).isEqualTo(m);
        // outside the vector fields the same value stays a list of lists
        Map<String, Object> other = MsgpackCodec.decode(MsgpackCodec.encode(Map.of("other", m)));
        assertThat(other.get("other")).isEqualTo(List.of(List.of(1.0, 2.0), List.of(3.0, 4.0)));
    }

    @Test
    void matrixComponentsInEveryNumberFormatDecodeExactly() throws Exception {
        // what FAISSx clients send (float64), float32, and every int format, in one row each
        byte[] body = raw(p -> {
            p.packMapHeader(1).packString("vectors").packArrayHeader(3);
            p.packArrayHeader(4)
                    .packDouble(0.1)
                    .packDouble(-1e30)
                    .packDouble(Double.MIN_VALUE)
                    .packDouble(7.0);
            p.packArrayHeader(4)
                    .packFloat(0.1f)
                    .packFloat(-2.5f)
                    .packFloat(Float.MAX_VALUE)
                    .packFloat(0f);
            p.packArrayHeader(4).packLong(5).packLong(-3).packLong(200).packLong(-200);
        });
        assertThat(MsgpackCodec.decode(body).get("vectors"))
                .isEqualTo(new FloatMatrix(
                        3, 4, new float[] {0.1f, -1e30f, 0f, 7f, 0.1f, -2.5f, Float.MAX_VALUE, 0f, 5, -3, 200, -200}));
        long[] ints = {
            0x7F,
            -32,
            0xFF,
            -128,
            0xFFFF,
            -32768,
            0xFFFFFFFFL,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            1 << 20
        };
        byte[] wide = raw(p -> {
            p.packMapHeader(1).packString("vectors").packArrayHeader(1).packArrayHeader(ints.length);
            for (long v : ints) {
                p.packLong(v);
            }
        });
        float[] expected = new float[ints.length];
        for (int i = 0; i < ints.length; i++) {
            expected[i] = ints[i];
        }
        assertThat(MsgpackCodec.decode(wide).get("vectors")).isEqualTo(new FloatMatrix(1, ints.length, expected));
        // array16 / array32 headers (rows and components)
        byte[] headers = raw(p -> {
            p.packMapHeader(1).packString("vectors");
            p.writePayload(new byte[] {(byte) 0xDC, 0, 1}); // array16 of one row
            p.writePayload(new byte[] {(byte) 0xDD, 0, 0, 0, 2}); // array32 of two components
            p.packDouble(1.5).packInt(-1);
        });
        assertThat(MsgpackCodec.decode(headers).get("vectors"))
                .isEqualTo(new FloatMatrix(1, 2, new float[] {1.5f, -1}));
    }

    @Test
    void matrixFieldsOfOtherShapesDecodeGenerically() throws Exception {
        BigInteger huge = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        byte[] uint64 = raw(p -> p.packMapHeader(1)
                .packString("vectors")
                .packArrayHeader(1)
                .packArrayHeader(2)
                .packInt(1)
                .packBigInteger(huge));
        assertThat(MsgpackCodec.decode(uint64).get("vectors")).isEqualTo(List.of(List.of(1L, huge)));
        byte[] ragged = raw(p -> p.packMapHeader(1)
                .packString("vectors")
                .packArrayHeader(2)
                .packArrayHeader(1)
                .packDouble(1)
                .packArrayHeader(2)
                .packDouble(2)
                .packDouble(3));
        assertThat(MsgpackCodec.decode(ragged).get("vectors")).isEqualTo(List.of(List.of(1.0), List.of(2.0, 3.0)));
        byte[] withString = raw(p -> p.packMapHeader(1)
                .packString("vectors")
                .packArrayHeader(1)
                .packArrayHeader(2)
                .packDouble(1)
                .packString("x"));
        assertThat(MsgpackCodec.decode(withString).get("vectors")).isEqualTo(List.of(List.of(1.0, "x")));
        // a matrix cut inside a float64 is malformed, whatever decoder sees it last
        byte[] whole = raw(p -> p.packMapHeader(1)
                .packString("vectors")
                .packArrayHeader(1)
                .packArrayHeader(2)
                .packDouble(1)
                .packDouble(2));
        for (int cut = 1; cut < whole.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(whole, cut);
            assertThatThrownBy(() -> MsgpackCodec.decode(truncated)).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void knnResultsEncodeOneMapPerQuery() throws Exception {
        KnnResults r = new KnnResults(
                2, 2, new float[] {0.5f, 1f, 2f, Float.MAX_VALUE}, new long[] {3, 1, 0, -1}, new float[8], 2);
        Map<String, Object> out = MsgpackCodec.decode(MsgpackCodec.encode(Map.of("results", r)));
        List<?> results = (List<?>) out.get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0))
                .isEqualTo(Map.of(
                        "distances", List.of(0.5, 1.0),
                        "indices", List.of(3L, 1L),
                        "vectors", List.of(List.of(0.0, 0.0), List.of(0.0, 0.0))));
        assertThat(((Map<?, ?>) results.get(1)).get("distances")).isEqualTo(List.of(2.0, (double) Float.MAX_VALUE));
        assertThat(((Map<?, ?>) results.get(1)).get("indices")).isEqualTo(List.of(0L, -1L));
    }

    @Test
    void rangeResultsEncodePerQueryEntriesWithoutLims() throws Exception {
        RangeResults r = new RangeResults(2, new long[] {0, 2, 2}, new long[] {4, 9}, new float[] {0.5f, 0.25f});
        List<?> results = (List<?>)
                MsgpackCodec.decode(MsgpackCodec.encode(Map.of("results", r))).get("results");
        assertThat(results.get(0))
                .isEqualTo(Map.of(
                        "query_index", 0L,
                        "num_results", 2L,
                        "count", 2L,
                        "indices", List.of(4L, 9L),
                        "distances", List.of(0.5, 0.25)));
        @SuppressWarnings("unchecked")
        Map<String, Object> second = (Map<String, Object>) results.get(1);
        assertThat(second).containsEntry("count", 0L).doesNotContainKey("lims");
    }

    @Test
    void encodeRejectsBinAndUnknownTypes() {
        assertThatThrownBy(() -> MsgpackCodec.encode(Map.of("b", new byte[] {1})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsgpackCodec.encode(Map.of("o", new Object())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MsgpackCodec.encode(Map.of("m", Map.of(1, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void malformedBodiesAreRejected() throws Exception {
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[0]);
        bad.add(new byte[] {(byte) 0xc1}); // never-used code
        bad.add("this is not msgpack".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        bad.add(raw(p -> p.packArrayHeader(1).packString("action"))); // top level array
        bad.add(raw(p -> p.packString("ping"))); // top level str
        bad.add(raw(p -> p.packMapHeader(1)
                .packBinaryHeader(6)
                .writePayload("action".getBytes())
                .packString("ping"))); // bin key
        bad.add(raw(p -> p.packMapHeader(1).packLong(1).packString("x"))); // int key
        bad.add(raw(p -> p.packMapHeader(1)
                .packString("x")
                .packExtensionTypeHeader((byte) 1, 1)
                .writePayload(new byte[] {0}))); // ext value
        bad.add(raw(p -> p.packMapHeader(2).packString("action").packString("ping"))); // truncated
        bad.add(raw(p -> p.packMapHeader(1).packString("a").packLong(1).packLong(2))); // trailing bytes
        bad.add(raw(p -> p.packMapHeader(1).packString("vectors").packArrayHeader(Integer.MAX_VALUE)));
        bad.add(raw(p -> p.packMapHeader(1).packString("x").packArrayHeader(Integer.MAX_VALUE)));
        bad.add(raw(p -> p.packMapHeader(1)
                .packRawStringHeader(2)
                .writePayload(new byte[] {(byte) 0xff, 0x41})
                .packNil())); // invalid UTF-8 key
        bad.add(raw(p -> {
            p.packMapHeader(1).packString("deep");
            for (int i = 0; i < 100; i++) {
                p.packArrayHeader(1);
            }
            p.packNil();
        }));
        for (byte[] body : bad) {
            assertThatThrownBy(() -> MsgpackCodec.decode(body)).isInstanceOf(MalformedMessageException.class);
        }
    }

    @Test
    void binValuesDecodeAsBytesAndCustomMatrixFieldsWork() throws Exception {
        byte[] body = raw(p -> {
            p.packMapHeader(2).packString("b").packBinaryHeader(2).writePayload(new byte[] {7, 8});
            p.packString("x").packArrayHeader(1).packArrayHeader(1).packLong(3);
        });
        Map<String, Object> map = MsgpackCodec.decode(body, 0, body.length, Set.of("x"));
        assertThat((byte[]) map.get("b")).containsExactly(7, 8);
        assertThat(map.get("x")).isEqualTo(new FloatMatrix(1, 1, new float[] {3}));
    }

    @Test
    void genericValuesAreBudgeted() throws Exception {
        int n = MsgpackCodec.MAX_GENERIC_VALUES;
        byte[] ok = raw(p -> {
            p.packMapHeader(1).packString("ids").packArrayHeader(n - 1);
            for (int i = 0; i < n - 1; i++) {
                p.packInt(0);
            }
        });
        assertThat((List<?>) MsgpackCodec.decode(ok).get("ids")).hasSize(n - 1);
        byte[] tooMany = raw(p -> {
            p.packMapHeader(1).packString("x").packArrayHeader(n);
            for (int i = 0; i < n; i++) {
                p.packMapHeader(0);
            }
        });
        assertThatThrownBy(() -> MsgpackCodec.decode(tooMany))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("values outside vector batches");
        // matrix components do not count
        byte[] matrix = raw(p -> {
            p.packMapHeader(1).packString("vectors").packArrayHeader(1).packArrayHeader(n + 10);
            for (int i = 0; i < n + 10; i++) {
                p.packInt(1);
            }
        });
        assertThat(MsgpackCodec.decode(matrix).get("vectors")).isInstanceOf(FloatMatrix.class);
    }

    /** {"vectors": {"shape": [n, d], "dtype": dtype, "data": <bin>}} with the floats little-endian. */
    private static byte[] binaryBatch(String dtype, long n, long d, float[] x, int dropBytes) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(x.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        byte[] data = java.util.Arrays.copyOf(b.array(), b.array().length - dropBytes);
        return raw(p -> {
            p.packMapHeader(2).packString("action").packString("add_vectors");
            p.packString("vectors").packMapHeader(3);
            p.packString("shape").packArrayHeader(2).packLong(n).packLong(d);
            p.packString("dtype").packString(dtype);
            p.packString("data").packBinaryHeader(data.length).writePayload(data);
        });
    }

    @Test
    void binaryVectorBatchesDecodeToMatrices() throws Exception {
        float[] x = {1f, -2.5f, 3e-8f, Float.MAX_VALUE, 0f, 7f, 8f, 9f};
        for (String dtype : new String[] {"float32", "<f4"}) {
            Object v = MsgpackCodec.decode(binaryBatch(dtype, 2, 4, x, 0)).get("vectors");
            assertThat(v).isEqualTo(new FloatMatrix(2, 4, x));
        }
        assertThat(MsgpackCodec.decode(binaryBatch("float32", 0, 4, new float[0], 0))
                        .get("vectors"))
                .isEqualTo(new FloatMatrix(0, 4, new float[0]));
    }

    @Test
    void invalidBinaryBatchesAreNamedByFloatMatrixFrom() throws Exception {
        float[] x = new float[8];
        Object bigEndian = MsgpackCodec.decode(binaryBatch(">f4", 2, 4, x, 0)).get("vectors");
        assertThatThrownBy(() -> FloatMatrix.from("vectors", bigEndian))
                .hasMessage("vectors: dtype must be \"float32\" or \"<f4\" (little-endian), got str \">f4\"");
        Object short_ = MsgpackCodec.decode(binaryBatch("float32", 2, 4, x, 20)).get("vectors");
        assertThatThrownBy(() -> FloatMatrix.from("vectors", short_))
                .hasMessage("vectors: data has 12 bytes, but shape [2, 4] of float32 needs 32");
        Object huge = MsgpackCodec.decode(binaryBatch("float32", 1L << 31, 1L << 31, x, 0))
                .get("vectors");
        assertThatThrownBy(() -> FloatMatrix.from("vectors", huge)).hasMessageContaining("needs more than 2^31");
        Object zeroWidth = MsgpackCodec.decode(binaryBatch("float32", 5, 0, new float[0], 0))
                .get("vectors");
        assertThatThrownBy(() -> FloatMatrix.from("vectors", zeroWidth)).hasMessageContaining("shape must be [n, d]");
        byte[] extraKey = raw(p -> p.packMapHeader(1)
                .packString("vectors")
                .packMapHeader(1)
                .packString("order")
                .packString("C"));
        Object extra = MsgpackCodec.decode(extraKey).get("vectors");
        assertThatThrownBy(() -> FloatMatrix.from("vectors", extra)).hasMessageContaining("has no key \"order\"");
        // a bin header claiming more bytes than the body holds is malformed, not an allocation
        byte[] lying = raw(p -> {
            p.packMapHeader(1).packString("vectors").packMapHeader(3);
            p.packString("dtype").packString("float32");
            p.packString("shape").packArrayHeader(2).packLong(1 << 20).packLong(1 << 9);
            p.packString("data").packBinaryHeader(1 << 31 - 1);
        });
        assertThatThrownBy(() -> MsgpackCodec.decode(lying)).isInstanceOf(MalformedMessageException.class);
    }
}
