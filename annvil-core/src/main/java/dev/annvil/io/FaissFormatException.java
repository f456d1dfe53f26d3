package dev.annvil.io;

import java.io.IOException;

/**
 * A FAISS index file that cannot be read: unknown or unsupported fourcc, truncated data, or a
 * field outside its limits. The message names the source, the byte offset and the fourcc of the
 * record being read.
 */
public class FaissFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, with source, offset and fourcc */
    public FaissFormatException(String message) {
        super(message);
    }
}
