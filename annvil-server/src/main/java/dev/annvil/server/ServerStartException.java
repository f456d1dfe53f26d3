package dev.annvil.server;

/**
 * The server could not start: the port is taken, the address cannot be bound, or the data
 * directory cannot be read. The message says which, with the address or path.
 */
public class ServerStartException extends RuntimeException {
    /** @param message what failed; @param cause the underlying failure */
    public ServerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
