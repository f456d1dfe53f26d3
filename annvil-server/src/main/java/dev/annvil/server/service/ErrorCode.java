package dev.annvil.server.service;

/**
 * Stable error categories, sent as {@code error_code} on every failure reply. The FAISSx codes
 * {@code AUTH_ERROR}, {@code NOT_TRAINED}, {@code TIMEOUT} and {@code TRAINING_ERROR} are the
 * reference server's (faissx-protocol.md §4.2); the others are Annvil's.
 */
public enum ErrorCode {
    /** A field is missing, of the wrong type or out of range; wrong vector dimension. */
    INVALID_ARGUMENT,
    /** The index (or the vector id) does not exist. */
    NOT_FOUND,
    /** An index with that id exists already. */
    ALREADY_EXISTS,
    /** The index type or the operation is not supported. */
    UNSUPPORTED,
    /** The operation does not fit the index's current state (e.g. add without ids on an IDMap). */
    FAILED_PRECONDITION,
    /** The index must be trained first. */
    NOT_TRAINED,
    /** Training failed. */
    TRAINING_ERROR,
    /** A transform action on an index that is not an IndexPreTransform. */
    NOT_TRANSFORM_INDEX,
    /** The action is not known. */
    UNKNOWN_ACTION,
    /** The body is not one msgpack map with str keys. */
    MALFORMED_REQUEST,
    /** The body is larger than the configured limit. */
    REQUEST_TOO_LARGE,
    /** The reply would be larger than the server sends. */
    RESPONSE_TOO_LARGE,
    /** Missing or invalid API key or tenant. */
    AUTH_ERROR,
    /** The operation ran out of time. */
    TIMEOUT,
    /** A bug or an unexpected failure inside the server. */
    INTERNAL
}
