package io.roro.core.lineage.database;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.bson.Document;

/**
 * Newest-first order kept as keys. Each record of a series (a model's versions, all versions, a project's
 * trainings, ...) takes the next number of the series' counter, and an entry {@code SERIES#NUMBER} points at it.
 * A page newest first, or after a given record, is then lookups by {@code _id} - fast on the embedded server,
 * where only {@code _id} and unique indexes are used, and on MongoDB alike - so its cost does not grow with the
 * store. Sorting by a date instead reads every matching document on the embedded server.
 *
 * <p>The record carries its numbers (field {@value #FIELD}), and an entry is believed only when its record names
 * the same number: entries left by a writer that died before its record, or lost the race for the record's name,
 * are skipped, never shown twice.
 */
public final class RecordSeries {
    /** The entries' collection. */
    public static final String COLLECTION = "series";
    /** The field of a record that holds its number in each series it belongs to. */
    public static final String FIELD = "series";
    private static final int MAX_BATCH = 2048;

    private final LineageDocuments docs;

  public   RecordSeries(LineageDocuments docs) {
        this.docs = docs;
    }

    public static String versions() {
        return "versions";
    }

    public static String versions(String model) {
        return "versions:" + model;
    }

    public static String trainings(String project) {
        return "trainings:" + project;
    }

    public static String builds(String project) {
        return "builds:" + project;
    }

    public static String datasets() {
        return "datasets";
    }

    public static String datasets(String model) {
        return "datasets:" + model;
    }

    /** The entry that places {@code recordId} at {@code number} of {@code series} (also what bulk loaders write). */
    public static Document entry(String series, long number, String recordId) {
        return new Document("_id", key(series, number)).append("ref", recordId);
    }

    /** The counter that numbers a series (also what bulk loaders set to the last number they used). */
    public static String counter(String series) {
        return "series:" + series;
    }

    private static String key(String series, long number) {
        return series + "#" + number;
    }

    /**
     * Numbers {@code record} in each series and writes the entries, before the record itself is inserted (an entry
     * whose record never arrives is skipped by readers). Adds the numbers to the record's {@value #FIELD} field.
     */
    public Document place(Document record, List<String> series) {
        Document numbers = new Document();
        List<Document> entries = new ArrayList<>();
        for (String s : series) {
            long n = docs.database().next(counter(s));
            numbers.append(s, n);
            entries.add(entry(s, n, record.getString("_id")));
        }
        docs.collection(COLLECTION).insertMany(entries);
        return record.append(FIELD, numbers);
    }

    /** The number {@code record} has in {@code series}, if it was placed in it. */
    static OptionalLong numberOf(Document record, String series) {
        Document numbers = record.get(FIELD, Document.class);
        Object n = numbers == null ? null : numbers.get(series);
        return n instanceof Number number ? OptionalLong.of(number.longValue()) : OptionalLong.empty();
    }

    /** The last number given out in {@code series} (0 when none was). */
    long last(String series) {
        return docs.byId(LineageDatabase.COUNTERS, counter(series))
                .map(d -> ((Number) d.get("seq")).longValue()).orElse(0L);
    }

    /**
     * Up to {@code limit} records of {@code collection} in {@code series}, newest first, below number
     * {@code below} (the whole series when empty), that match {@code filter} (a MongoDB query; empty for all).
     * Reads entries in growing batches from the top, so a first page costs two lookups, and a selective filter reads
     * back only as far as it must.
     */
    public List<Document> newestFirst(String series, String collection, Document filter, OptionalLong below, int limit) {
        return newestFirst(series, collection, filter, d -> true, below, limit);
    }

    /** As above, keeping only the records {@code accept} takes (a condition on fields read anyway: no query). */
    public List<Document> newestFirst(String series, String collection, Document filter, Predicate<Document> accept,
            OptionalLong below, int limit) {
        return newestFirst(series, collection, filter, accept, below, limit, Long.MAX_VALUE).records();
    }

    /**
     * What a bounded read found: the records, and where it stopped when it read {@code scanned} entries before the
     * page was full (the next read resumes below that number; empty when it reached the end or filled the page).
     */
    public record Scan(List<Document> records, OptionalLong resumeBelow) {
    }

    /**
     * As above, reading at most {@code maxScanned} entries: a search that matches few records answers within the
     * same time as a page, saying where to go on, instead of reading the whole series before it answers.
     */
    public Scan newestFirst(String series, String collection, Document filter, Predicate<Document> accept,
            OptionalLong below, int limit, long maxScanned) {
        List<Document> page = new ArrayList<>();
        long top = (below.isPresent() ? below.getAsLong() : last(series) + 1) - 1;
        int batch = (int) Math.min(MAX_BATCH, Math.max(16, limit + (long) limit / 4));
        long scanned = 0;
        while (top >= 1 && page.size() < limit) {
            if (scanned >= maxScanned) {
                return new Scan(page, OptionalLong.of(top + 1));
            }
            batch = (int) Math.min(batch, Math.max(1, maxScanned - scanned));
            long low = Math.max(1, top - batch + 1);
            scanned += top - low + 1;
            List<String> keys = new ArrayList<>();
            for (long n = top; n >= low; n--) {
                keys.add(key(series, n));
            }
            // byIds keeps the keys' order: newest first; one record may have several entries (only one is its own)
            List<Document> entries = docs.byIds(COLLECTION, keys);
            Map<String, Document> found = records(collection,
                    entries.stream().map(e -> e.getString("ref")).distinct().toList(), filter);
            for (Document e : entries) {
                Document record = found.get(e.getString("ref"));
                String k = e.getString("_id");
                long n = Long.parseLong(k.substring(k.lastIndexOf('#') + 1));
                if (record != null && numberOf(record, series).equals(OptionalLong.of(n)) && accept.test(record)
                        && page.size() < limit) {
                    page.add(record);
                }
            }
            top = low - 1;
            batch = Math.min(MAX_BATCH, batch * 2);
        }
        return new Scan(page, OptionalLong.empty());
    }

    /** The number to page below for "after {@code recordId}": its own number in the series. */
    public OptionalLong below(String series, String collection, String recordId) {
        Optional<Document> record = docs.byId(collection, recordId);
        if (record.isEmpty()) {
            throw new LineageException("no " + collection.replace('_', ' ').replaceAll("s$", "") + " " + recordId
                    + " to list after");
        }
        OptionalLong n = numberOf(record.get(), series);
        if (n.isEmpty()) {
            throw new LineageException(recordId + " is not in this list, so it cannot be listed after");
        }
        return n;
    }

    private Map<String, Document> records(String collection, List<String> ids, Document filter) {
        Map<String, Document> found = new HashMap<>();
        if (ids.isEmpty()) {
            return found;
        }
        Document byId = new Document("_id", new Document("$in", ids));
        if (filter.isEmpty()) {
            docs.collection(collection).find(byId).forEach(d -> found.put(d.getString("_id"), d));
        } else if (docs.database().isEmbeddedServer()) {
            // the embedded server uses the _id index only for a query on _id alone (anything beside it reads the
            // whole collection): read by _id, then match here as that server would
            LocalQueryMatcher matcher = new LocalQueryMatcher(filter);
            docs.collection(collection).find(byId).forEach(d -> {
                if (matcher.matches(d)) {
                    found.put(d.getString("_id"), d);
                }
            });
        } else {
            docs.collection(collection).find(byId.append("$and", List.of(filter)))
                    .forEach(d -> found.put(d.getString("_id"), d));
        }
        return found;
    }
}
