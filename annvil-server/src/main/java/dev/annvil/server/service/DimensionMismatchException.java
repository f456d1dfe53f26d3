package dev.annvil.server.service;

/**
 * Vectors whose width differs from the index dimension (an empty batch has width 0). Transports
 * word it per action (faissx-protocol.md §9.3-§9.7).
 */
public class DimensionMismatchException extends ServiceException {
    private final int expected;
    private final int got;

    /** @param expected the index dimension; @param got the width of the vectors sent */
    public DimensionMismatchException(int expected, int got) {
        super(ErrorCode.INVALID_ARGUMENT, "Vector dimension mismatch: expected " + expected + ", got " + got);
        this.expected = expected;
        this.got = got;
    }

    /** The index dimension. */
    public int expected() {
        return expected;
    }

    /** The width of the vectors sent. */
    public int got() {
        return got;
    }
}
