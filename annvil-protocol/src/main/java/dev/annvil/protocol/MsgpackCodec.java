package dev.annvil.protocol;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;

/**
 * The FAISSx message codec: one msgpack map per ZeroMQ frame (faissx-protocol.md §3.2, §3.3).
 *
 * <p>Decoding yields str keys and plain Java values: ints as {@link Long} (uint64 above
 * Long.MAX_VALUE as {@link java.math.BigInteger}), floats (32 or 64 bit) as {@link Double},
 * {@link Boolean}, {@code null} for nil, {@link String}, {@code byte[]} for bin values, arrays as
 * {@link java.util.List}, maps as {@link Map} with str keys. Top-level fields named in
 * {@code matrixFields} whose value is a non-empty array of equally long arrays of numbers are
 * decoded straight into a {@link FloatMatrix} (one row-major {@code float[]}, no boxing); any other
 * shape of those fields (empty, ragged, non-numeric, a flat list) is decoded generically, so the
 * caller can report the problem with {@link FloatMatrix#from}. Those fields may also be an Annvil
 * binary batch, {@code {"dtype": "float32", "shape": [n, d], "data": <bin of n*d little-endian
 * float32>}} (docs/faissx-extensions.md), copied from the body straight into the matrix.
 *
 * <p>Encoding writes str (never bin) for strings and keys, booleans as booleans, {@link Float} and
 * {@code float[]} as float32, {@link Double} as float64, integers in the smallest int format, and
 * {@link FloatMatrix}, {@link KnnResults}, {@link RangeResults} without boxing per element.
 *
 * <p>Stateless and thread-safe.
 */
public final class MsgpackCodec {
    /** Deepest nesting of arrays and maps a decoded message may have. */
    public static final int MAX_DEPTH = 64;

    /**
     * Most values a message may hold outside well-formed vector batches (each costs a Java object of
     * 16 to 50 bytes, from a msgpack value of as little as one byte): bounds the heap one decoded
     * message can take to roughly 100 MB plus 4 bytes per matrix component, whatever its content.
     */
    public static final int MAX_GENERIC_VALUES = 1 << 21;

    /** The vector-batch fields of FAISSx requests (§9): decoded as {@link FloatMatrix}. */
    public static final Set<String> VECTOR_FIELDS = Set.of("vectors", "query_vectors", "training_vectors");

    private MsgpackCodec() {}

    /**
     * Decodes one message body that must be a single msgpack map with str keys, decoding
     * {@link #VECTOR_FIELDS} as matrices.
     *
     * @throws MalformedMessageException if the body is not exactly one such map
     */
    public static Map<String, Object> decode(byte[] body) throws MalformedMessageException {
        return decode(body, 0, body.length, VECTOR_FIELDS);
    }

    /**
     * Decodes {@code body[offset .. offset+length)}, which must be exactly one msgpack map with str
     * keys.
     *
     * @param matrixFields top-level fields to decode as {@link FloatMatrix} when well shaped
     * @throws MalformedMessageException if the bytes are not exactly one such map: invalid or
     *     truncated msgpack, another top-level type, a non-str key, an ext value, invalid UTF-8,
     *     nesting deeper than {@link #MAX_DEPTH}, more than {@link #MAX_GENERIC_VALUES} values
     *     outside vector batches, or trailing bytes
     */
    public static Map<String, Object> decode(byte[] body, int offset, int length, Set<String> matrixFields)
            throws MalformedMessageException {
        if (body == null || offset < 0 || length < 0 || offset + length > body.length) {
            throw new MalformedMessageException("no message body");
        }
        if (length == 0) {
            throw new MalformedMessageException("empty message body");
        }
        try {
            return new MapDecoder(body, offset, length, matrixFields).decodeTopLevel();
        } catch (IOException | MessagePackException | ArithmeticException e) {
            throw new MalformedMessageException("invalid msgpack: " + e.getMessage(), e);
        }
    }

    /**
     * Encodes a reply (or request) map. Keys must be strings. Values may be: null, Boolean, String,
     * Byte/Short/Integer/Long/BigInteger, Float (float32), Double (float64), {@code float[]}
     * (float32s), {@code double[]}, {@code int[]}, {@code long[]}, {@link FloatMatrix},
     * {@link KnnResults}, {@link RangeResults}, {@link java.util.Collection}, {@code Object[]} and
     * nested maps with string keys.
     *
     * @throws IllegalArgumentException if a key is not a String or a value has another type
     *     ({@code byte[]} included: replies never carry bin)
     */
    public static byte[] encode(Map<String, ?> message) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            ValueEncoder.packMap(packer, message);
            return packer.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("msgpack encoding to memory failed", e);
        }
    }
}
