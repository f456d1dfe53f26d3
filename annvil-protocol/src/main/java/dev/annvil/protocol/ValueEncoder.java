package dev.annvil.protocol;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import org.msgpack.core.MessagePacker;

/** Writes Java values as msgpack; see {@link MsgpackCodec#encode} for the accepted types. */
final class ValueEncoder {
    private ValueEncoder() {}

    static void packMap(MessagePacker p, Map<?, ?> map) throws IOException {
        p.packMapHeader(map.size());
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("map key " + e.getKey() + " is not a String");
            }
            p.packString(key);
            pack(p, e.getValue());
        }
    }

    static void pack(MessagePacker p, Object v) throws IOException {
        switch (v) {
            case null -> p.packNil();
            case Boolean b -> p.packBoolean(b);
            case String s -> p.packString(s);
            case Long l -> p.packLong(l);
            case Integer i -> p.packLong(i);
            case Short s -> p.packLong(s);
            case Byte b -> p.packLong(b);
            case BigInteger b -> p.packBigInteger(b);
            case Float f -> p.packFloat(f);
            case Double d -> p.packDouble(d);
            case float[] a -> packFloats(p, a, 0, a.length);
            case double[] a -> {
                p.packArrayHeader(a.length);
                for (double x : a) {
                    p.packDouble(x);
                }
            }
            case int[] a -> {
                p.packArrayHeader(a.length);
                for (int x : a) {
                    p.packLong(x);
                }
            }
            case long[] a -> packLongs(p, a, 0, a.length);
            case FloatMatrix m -> {
                p.packArrayHeader(m.rows());
                for (int i = 0; i < m.rows(); i++) {
                    packFloats(p, m.data(), i * m.width(), m.width());
                }
            }
            case KnnResults r -> packKnn(p, r);
            case RangeResults r -> packRange(p, r);
            case Map<?, ?> m -> packMap(p, m);
            case Collection<?> c -> {
                p.packArrayHeader(c.size());
                for (Object x : c) {
                    pack(p, x);
                }
            }
            case Object[] a -> {
                p.packArrayHeader(a.length);
                for (Object x : a) {
                    pack(p, x);
                }
            }
            default ->
                throw new IllegalArgumentException(
                        "cannot encode a " + v.getClass().getName());
        }
    }

    private static void packFloats(MessagePacker p, float[] a, int off, int len) throws IOException {
        p.packArrayHeader(len);
        for (int i = 0; i < len; i++) {
            p.packFloat(a[off + i]);
        }
    }

    private static void packLongs(MessagePacker p, long[] a, int off, int len) throws IOException {
        p.packArrayHeader(len);
        for (int i = 0; i < len; i++) {
            p.packLong(a[off + i]);
        }
    }

    private static void packKnn(MessagePacker p, KnnResults r) throws IOException {
        int k = r.k();
        p.packArrayHeader(r.n());
        for (int i = 0; i < r.n(); i++) {
            p.packMapHeader(r.vectors() == null ? 2 : 3);
            p.packString("distances");
            packFloats(p, r.distances(), i * k, k);
            p.packString("indices");
            packLongs(p, r.labels(), i * k, k);
            if (r.vectors() != null) {
                p.packString("vectors");
                p.packArrayHeader(k);
                for (int j = 0; j < k; j++) {
                    packFloats(p, r.vectors(), (i * k + j) * r.d(), r.d());
                }
            }
        }
    }

    private static void packRange(MessagePacker p, RangeResults r) throws IOException {
        p.packArrayHeader(r.nq());
        for (int i = 0; i < r.nq(); i++) {
            int from = (int) r.lims()[i];
            int count = (int) (r.lims()[i + 1] - r.lims()[i]);
            p.packMapHeader(5);
            p.packString("query_index");
            p.packLong(i);
            p.packString("num_results");
            p.packLong(count);
            p.packString("count");
            p.packLong(count);
            p.packString("indices");
            packLongs(p, r.labels(), from, count);
            p.packString("distances");
            packFloats(p, r.distances(), from, count);
        }
    }
}
