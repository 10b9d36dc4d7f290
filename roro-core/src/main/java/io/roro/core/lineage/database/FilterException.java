package io.roro.core.lineage.database;

/** A user's query (e.g. `roro versions --filter`) that the lineage store cannot run; the message is the reason. */
public final class FilterException extends LineageException {
    public FilterException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
