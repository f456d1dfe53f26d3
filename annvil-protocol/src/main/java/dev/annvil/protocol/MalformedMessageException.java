package dev.annvil.protocol;

/**
 * A message body that is not one well-formed msgpack map with str keys: truncated or invalid
 * msgpack, a top-level value other than a map, a bin or non-str map key, an ext value, invalid
 * UTF-8 in a str, nesting deeper than {@link MsgpackCodec#MAX_DEPTH}, or trailing bytes.
 *
 * <p>The server answers such a body with {@code {"success": false, "error": "Malformed request"}}
 * (faissx-protocol.md §4.4).
 */
public class MalformedMessageException extends Exception {
    /** @param message what is wrong, with the byte offset where known */
    public MalformedMessageException(String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the decoder's exception */
    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
