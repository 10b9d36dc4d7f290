package io.roro.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Work started in the background, and waiting for it with its failure rethrown as it was thrown. */
public final class Futures {
    private static final AtomicInteger THREADS = new AtomicInteger();
    /**
     * Where roro's background work runs: threads of its own, as many as there is blocking work. Not the common
     * ForkJoinPool: it has cores - 1 workers, ONE on a 2-core machine, and the work here blocks (a docker process's
     * output read to its end, git, lineage over a socket), so there it ran in turn — a serve's preparation waited
     * for the image build's output reader to finish, and ps's "parallel" reads went one by one.
     */
    private static final ExecutorService BACKGROUND = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "roro-background-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private Futures() {
    }

    /** The executor for {@code CompletableFuture.supplyAsync}/{@code runAsync} of roro's own blocking work. */
    public static ExecutorService background() {
        return BACKGROUND;
    }

    @SuppressWarnings("PMD.PreserveStackTrace") // the failure itself is rethrown, unwrapped from its completion
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
