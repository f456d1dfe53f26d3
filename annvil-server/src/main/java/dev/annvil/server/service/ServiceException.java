package dev.annvil.server.service;

import java.util.Objects;

/**
 * A failure the service reports to the caller with a stable {@link ErrorCode}. The message is the
 * reply's {@code error} text; where faissx-protocol.md §9 fixes a text, the message is that text.
 */
public class ServiceException extends RuntimeException {
    private final ErrorCode code;

    /** @param code the category; @param message the reply text */
    public ServiceException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code is null");
    }

    /** The error category. */
    public ErrorCode code() {
        return code;
    }
}
