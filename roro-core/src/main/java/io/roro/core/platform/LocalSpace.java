package io.roro.core.platform;

import java.util.List;
import java.util.Optional;

/**
 * What a platform keeps on this machine besides the lineage store (model copies that backends mount, trainings'
 * work directories), each item kept and why, or removable; what {@code roro gc} lists and frees.
 *
 * @param items every item looked at
 */
public record LocalSpace(List<Item> items) {
    public LocalSpace {
        items = List.copyOf(items);
    }

    /**
     * @param path   where it is
     * @param kind   what it is ("model copy", "training output", "training data")
     * @param bytes  its size
     * @param keptBecause why it stays; empty when it is removable (or was removed)
     */
    public record Item(String path, String kind, long bytes, Optional<String> keptBecause) {
    }

    public long bytes() {
        return items.stream().mapToLong(Item::bytes).sum();
    }

    public long removableBytes() {
        return items.stream().filter(i -> i.keptBecause().isEmpty()).mapToLong(Item::bytes).sum();
    }
}
