package dev.annvil.protocol;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessageIntegerOverflowException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/** One decoding pass over a byte range; see {@link MsgpackCodec#decode}. Not thread-safe. */
final class MapDecoder {
    private static final MessagePack.UnpackerConfig CONFIG = new MessagePack.UnpackerConfig()
            .withActionOnMalformedString(CodingErrorAction.REPORT)
            .withActionOnUnmappableString(CodingErrorAction.REPORT);

    private final byte[] buf;
    private final int end;
    /** Generic values (everything but matrix components) still allowed in this message. */
    private int budget = MsgpackCodec.MAX_GENERIC_VALUES;

    private final Set<String> matrixFields;
    private MessageUnpacker in;
    private int base;

    MapDecoder(byte[] buf, int offset, int length, Set<String> matrixFields) {
        this.buf = buf;
        this.end = offset + length;
        this.matrixFields = matrixFields;
        seek(offset);
    }

    private void seek(int pos) {
        in = CONFIG.newUnpacker(buf, pos, end - pos);
        base = pos;
    }

    private int position() {
        return base + (int) in.getTotalReadBytes();
    }

    private int remaining() {
        return end - position();
    }

    Map<String, Object> decodeTopLevel() throws IOException, MalformedMessageException {
        MessageFormat format = in.getNextFormat();
        if (format.getValueType() != ValueType.MAP) {
            throw new MalformedMessageException("message is a msgpack "
                    + format.getValueType().name().toLowerCase(java.util.Locale.ROOT) + ", not a map");
        }
        int size = in.unpackMapHeader();
        Map<String, Object> map = new LinkedHashMap<>(capacity(size));
        for (int i = 0; i < size; i++) {
            String key = key();
            Object value = matrixFields.contains(key) ? matrixOrValue() : value(1);
            map.put(key, value);
        }
        if (position() != end) {
            throw new MalformedMessageException(
                    "trailing bytes after the message map at offset " + position() + " of " + end);
        }
        return map;
    }

    private String key() throws IOException, MalformedMessageException {
        int at = position();
        ValueType type = in.getNextFormat().getValueType();
        if (type != ValueType.STRING) {
            throw new MalformedMessageException("map key at offset " + at + " is a msgpack "
                    + type.name().toLowerCase(java.util.Locale.ROOT) + ", keys must be str");
        }
        return in.unpackString();
    }

    /** A well-shaped vector batch as a FloatMatrix, anything else decoded generically. */
    private Object matrixOrValue() throws IOException, MalformedMessageException {
        int start = position();
        FloatMatrix m = in.getNextFormat().getValueType() == ValueType.MAP ? tryBinaryMatrix() : tryMatrix();
        if (m != null) {
            return m;
        }
        seek(start);
        return value(1);
    }

    /**
     * A non-empty array of equally long arrays of msgpack numbers, read straight from the bytes into
     * one float[] (floats narrowed to float32, ints converted), and the unpacker moved past it;
     * null if the value has any other shape (the caller then decodes it generically from its
     * start). Row and component counts are checked against the bytes left before anything is
     * allocated: every component takes at least one byte.
     */
    private FloatMatrix tryMatrix() {
        int p = position();
        long header = arrayHeader(p);
        if (header < 0) {
            return null;
        }
        int rows = (int) header;
        p += (int) (header >>> 32);
        if (rows == 0 || rows > end - p) {
            return null;
        }
        int width = -1;
        float[] data = null;
        for (int i = 0; i < rows; i++) {
            long row = arrayHeader(p);
            if (row < 0) {
                return null;
            }
            int w = (int) row;
            p += (int) (row >>> 32);
            if (i == 0) {
                if ((long) rows * w > end - p) {
                    return null;
                }
                width = w;
                data = new float[rows * w];
            } else if (w != width) {
                return null;
            }
            p = components(p, data, i * width, width);
            if (p < 0) {
                return null;
            }
        }
        seek(p);
        return new FloatMatrix(rows, width, data);
    }

    private static final VarHandle BE_SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle BE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    /**
     * The msgpack array header at p: (header bytes << 32) | element count, or -1 if there is no
     * complete array header there or the count exceeds Integer.MAX_VALUE.
     */
    private long arrayHeader(int p) {
        if (p >= end) {
            return -1;
        }
        int b = buf[p] & 0xFF;
        if ((b & 0xF0) == 0x90) {
            return (1L << 32) | (b & 0x0F);
        }
        if (b == 0xDC && p + 3 <= end) {
            return (3L << 32) | ((short) BE_SHORT.get(buf, p + 1) & 0xFFFF);
        }
        if (b == 0xDD && p + 5 <= end) {
            int n = (int) BE_INT.get(buf, p + 1);
            return n < 0 ? -1 : (5L << 32) | n;
        }
        return -1;
    }

    /**
     * Reads count msgpack numbers from p into out[off ..]; returns the position after them, or -1 at
     * anything else (another type, a truncated value, a uint64 above Long.MAX_VALUE).
     */
    private int components(int p, float[] out, int off, int count) {
        byte[] b = buf;
        for (int j = 0; j < count; j++) {
            if (p >= end) {
                return -1;
            }
            int t = b[p] & 0xFF;
            if (t == 0xCB) { // float64: what FAISSx clients send
                if (p + 9 > end) {
                    return -1;
                }
                out[off + j] = (float) Double.longBitsToDouble((long) BE_LONG.get(b, p + 1));
                p += 9;
            } else if (t == 0xCA) {
                if (p + 5 > end) {
                    return -1;
                }
                out[off + j] = Float.intBitsToFloat((int) BE_INT.get(b, p + 1));
                p += 5;
            } else if (t <= 0x7F || t >= 0xE0) { // positive / negative fixint
                out[off + j] = (byte) t;
                p += 1;
            } else if (t >= 0xCC && t <= 0xD3) {
                int size = 1 << ((t - 0xCC) & 3); // uint8/16/32/64, then int8/16/32/64
                if (p + 1 + size > end) {
                    return -1;
                }
                long v = switch (size) {
                    case 1 -> t < 0xD0 ? b[p + 1] & 0xFF : b[p + 1];
                    case 2 -> t < 0xD0 ? (short) BE_SHORT.get(b, p + 1) & 0xFFFF : (short) BE_SHORT.get(b, p + 1);
                    case 4 -> t < 0xD0 ? (int) BE_INT.get(b, p + 1) & 0xFFFFFFFFL : (int) BE_INT.get(b, p + 1);
                    default -> (long) BE_LONG.get(b, p + 1);
                };
                if (t == 0xCF && v < 0) {
                    return -1; // uint64 above Long.MAX_VALUE
                }
                out[off + j] = v;
                p += 1 + size;
            } else {
                return -1;
            }
        }
        return p;
    }

    /**
     * The binary batch extension {@code {"dtype": "float32", "shape": [n, d], "data": <bin>}} (keys in
     * any order; data = n*d little-endian float32), read from the body straight into the float[];
     * null if the map has any other shape (it is then decoded generically and {@link
     * FloatMatrix#from} names the problem).
     */
    private FloatMatrix tryBinaryMatrix() throws IOException {
        if (in.unpackMapHeader() != 3) {
            return null;
        }
        String dtype = null;
        long rows = -1;
        long width = -1;
        int dataAt = -1;
        int dataLength = -1;
        for (int i = 0; i < 3; i++) {
            if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.STRING) {
                return null;
            }
            String key = in.unpackString();
            if (!in.hasNext()) {
                return null;
            }
            ValueType type = in.getNextFormat().getValueType();
            switch (key) {
                case "dtype" -> {
                    if (type != ValueType.STRING) {
                        return null;
                    }
                    dtype = in.unpackString();
                }
                case "shape" -> {
                    if (type != ValueType.ARRAY || in.unpackArrayHeader() != 2) {
                        return null;
                    }
                    long[] shape = new long[2];
                    for (int j = 0; j < 2; j++) {
                        if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.INTEGER) {
                            return null;
                        }
                        try {
                            shape[j] = in.unpackLong();
                        } catch (MessageIntegerOverflowException e) {
                            return null;
                        }
                    }
                    rows = shape[0];
                    width = shape[1];
                }
                case "data" -> {
                    if (type != ValueType.BINARY) {
                        return null;
                    }
                    int len = in.unpackBinaryHeader();
                    if (len < 0 || len > remaining()) {
                        return null;
                    }
                    dataAt = position();
                    dataLength = len;
                    seek(dataAt + len);
                }
                default -> {
                    return null;
                }
            }
        }
        if (!FloatMatrix.isFloat32(dtype) || rows < 0 || width < (rows > 0 ? 1 : 0) || dataAt < 0) {
            return null;
        }
        // n*d*4 == the bin's length, which is at most the body's: no allocation beyond the body
        if (FloatMatrix.float32Bytes(rows, width) != dataLength) {
            return null;
        }
        float[] data = new float[dataLength / 4];
        ByteBuffer.wrap(buf, dataAt, dataLength)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(data);
        return new FloatMatrix((int) rows, (int) width, data);
    }

    private Object value(int depth) throws IOException, MalformedMessageException {
        if (depth > MsgpackCodec.MAX_DEPTH) {
            throw new MalformedMessageException("nesting deeper than " + MsgpackCodec.MAX_DEPTH);
        }
        if (--budget < 0) {
            throw new MalformedMessageException(
                    "more than " + MsgpackCodec.MAX_GENERIC_VALUES + " values outside vector batches");
        }
        int at = position();
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL -> {
                in.unpackNil();
                return null;
            }
            case BOOLEAN -> {
                return in.unpackBoolean();
            }
            case INTEGER -> {
                try {
                    return in.unpackLong();
                } catch (MessageIntegerOverflowException e) {
                    seek(at);
                    return in.unpackBigInteger();
                }
            }
            case FLOAT -> {
                return in.unpackDouble();
            }
            case STRING -> {
                return in.unpackString();
            }
            case BINARY -> {
                int len = in.unpackBinaryHeader();
                if (len > remaining()) {
                    throw new MalformedMessageException("bin of " + len + " bytes at offset " + at + " is truncated");
                }
                return in.readPayload(len);
            }
            case ARRAY -> {
                int size = in.unpackArrayHeader();
                List<Object> list = new ArrayList<>(capacity(size));
                for (int i = 0; i < size; i++) {
                    list.add(value(depth + 1));
                }
                return list;
            }
            case MAP -> {
                int size = in.unpackMapHeader();
                Map<String, Object> map = new HashMap<>(capacity(size));
                for (int i = 0; i < size; i++) {
                    String key = key();
                    map.put(key, value(depth + 1));
                }
                return map;
            }
            default ->
                throw new MalformedMessageException("unsupported msgpack "
                        + format.getValueType().name().toLowerCase(java.util.Locale.ROOT) + " value at offset " + at);
        }
    }

    /** An initial collection capacity no larger than the bytes left (each element takes at least one). */
    private int capacity(int declared) {
        return Math.max(0, Math.min(declared, Math.min(remaining(), 1 << 16)));
    }
}
