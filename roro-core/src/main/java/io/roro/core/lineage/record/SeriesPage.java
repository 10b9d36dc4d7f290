package io.roro.core.lineage.record;

import java.util.List;
import java.util.OptionalLong;

/**
 * A page of a list read newest first within a bound: what was found, and the number below which the next read
 * resumes when the bound stopped it before the page was full (empty when the list was read to its end or the page
 * is full: then "after the last one" goes on).
 */
public record SeriesPage<T>(List<T> items, OptionalLong resumeBelow) {
    public SeriesPage {
        items = List.copyOf(items);
    }
}
