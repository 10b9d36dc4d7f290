package io.roro.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for work started in the background, with its failure rethrown as it was thrown. */
public final class Futures {
    private Futures() {
    }

    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Waits for background work to end, however it ends: before what it uses (lineage, containers) is let go. */
    public static void settle(CompletableFuture<?> future) {
        future.handle((result, failure) -> null).join();
    }
}
