package dev.annvil.server.service;

/**
 * No index has the requested id. Transports word it per action (FAISSx: "Index &lt;id&gt; does not
 * exist" or "Index &lt;id&gt; not found", faissx-protocol.md §9); the default message is the latter.
 */
public class IndexNotFoundException extends ServiceException {
    private final String indexId;

    /** @param indexId the id that was not found */
    public IndexNotFoundException(String indexId) {
        super(ErrorCode.NOT_FOUND, "Index " + indexId + " not found");
        this.indexId = indexId;
    }

    /** The id that was not found. */
    public String indexId() {
        return indexId;
    }
}
