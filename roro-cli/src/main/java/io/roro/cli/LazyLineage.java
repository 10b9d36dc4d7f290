package io.roro.cli;

import io.roro.core.lineage.Lineage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lineage opened when first asked for (a deploy starts its image build first), once, and closed with the command.
 * {@code onOpen} runs once on the store just opened (registering the project).
 */
final class LazyLineage implements Supplier<Lineage>, AutoCloseable {
    private final Consumer<Lineage> onOpen;
    private Lineage lineage;

    LazyLineage(Consumer<Lineage> onOpen) {
        this.onOpen = onOpen;
    }

    LazyLineage() {
        this(l -> { });
    }

    @Override
    public synchronized Lineage get() {
        if (lineage == null) {
            Lineage opened = LineageAccess.open();
            try {
                onOpen.accept(opened);
            } catch (RuntimeException e) {
                opened.close();
                throw e;
            }
            lineage = opened;
        }
        return lineage;
    }

    @Override
    public synchronized void close() {
        if (lineage != null) {
            lineage.close();
        }
    }
}
