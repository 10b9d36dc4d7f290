package io.roro.core.lineage.database;

/** A lineage operation the user asked for that cannot be done as asked (unknown record, conflict, wrong state). */
public class LineageException extends RuntimeException {
    public LineageException(String message) {
        super(message);
    }

    public LineageException(String message, Throwable cause) {
        super(message, cause);
    }
}
