package dev.annvil.protocol;

import java.io.IOException;
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

    private FloatMatrix tryMatrix() throws IOException {
        if (in.getNextFormat().getValueType() != ValueType.ARRAY) {
            return null;
        }
        int rows = in.unpackArrayHeader();
        if (rows == 0 || rows > remaining()) {
            return null;
        }
        int width = -1;
        float[] data = null;
        for (int i = 0; i < rows; i++) {
            if (!in.hasNext() || in.getNextFormat().getValueType() != ValueType.ARRAY) {
                return null;
            }
            int w = in.unpackArrayHeader();
            if (i == 0) {
                // every component takes at least one byte: a forged count cannot force a huge allocation
                if ((long) rows * w > remaining()) {
                    return null;
                }
                width = w;
                data = new float[rows * w];
            } else if (w != width) {
                return null;
            }
            int off = i * width;
            for (int j = 0; j < width; j++) {
                if (!in.hasNext()) {
                    return null;
                }
                ValueType t = in.getNextFormat().getValueType();
                if (t == ValueType.FLOAT) {
                    data[off + j] = (float) in.unpackDouble();
                } else if (t == ValueType.INTEGER) {
                    try {
                        data[off + j] = in.unpackLong();
                    } catch (MessageIntegerOverflowException e) {
                        return null;
                    }
                } else {
                    return null;
                }
            }
        }
        return new FloatMatrix(rows, width, data);
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
