package io.roro.core.artifacts;

import com.mongodb.MongoGridFSException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.gridfs.GridFSBucket;
import com.mongodb.client.gridfs.GridFSBuckets;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Updates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.ObjectId;

/**
 * Artifacts in GridFS, in the lineage database itself (bucket {@code artifacts}): one backup covers both. The
 * embedded store keeps the bytes in files beside its lineage file instead ({@link ArtifactFiles}); the records are
 * the same. Every upload first writes an intent ({@code artifacts.uploads}) under a pre-chosen id, so an upload killed half-way,
 * whose chunks have no file document yet, can still be found and removed without scanning the chunks.
 */
public final class GridFsArtifactStore implements ArtifactStore {
    private static final Logger LOG = Logger.getLogger(GridFsArtifactStore.class.getName());

    /** This process, as recorded with each of its uploads. */
    private static final Optional<Uploader> UPLOADER = Uploader.current();
    private static final int CHUNK_SIZE = 255 * 1024;
    /** Chunks per insert: ~4 MB a message. */
    private static final int CHUNKS_PER_WRITE = 16;

    private final GridFSBucket bucket;
    private final MongoCollection<Document> uploads;
    private final MongoCollection<Document> chunks;
    private final MongoCollection<Document> files;
    private final Runnable commit;
    /** Where the bytes go instead of chunks (the embedded store); empty: chunks in the database. */
    private final Optional<ArtifactFiles> bytes;

    /** @param commit makes writes durable (the embedded store's commit); a no-op for MongoDB */
    public GridFsArtifactStore(MongoDatabase database, Runnable commit) {
        this(database, commit, Optional.empty());
    }

    /** The directory of the bytes of the embedded store whose lineage file is {@code lineageFile}. */
    public static Path embeddedFilesOf(Path lineageFile) {
        return ArtifactFiles.directoryBeside(lineageFile);
    }

    /** @param embeddedFile the embedded store's lineage file: the bytes are kept in files beside it */
    public GridFsArtifactStore(MongoDatabase database, Runnable commit, Optional<Path> embeddedFile) {
        this.bucket = GridFSBuckets.create(database, "artifacts").withChunkSizeBytes(CHUNK_SIZE);
        this.uploads = database.getCollection("artifacts.uploads");
        this.chunks = database.getCollection("artifacts.chunks");
        this.files = database.getCollection("artifacts.files");

        this.commit = commit;
        this.bytes = embeddedFile.map(ArtifactFiles::beside);
    }

    @Override
    public ArtifactRef put(String name, InputStream in, long expectedSize, String owner, Progress progress)
            throws IOException {
        MessageDigest sha256 = sha256();
        CountingInputStream counting = new CountingInputStream(new DigestInputStream(in, sha256), name,
                expectedSize, progress);
        ObjectId id = new ObjectId();
        ensureIndexes();
        Document intent = new Document("_id", id).append("owner", owner).append("name", name)
                .append("started_at", new Date());
        UPLOADER.ifPresent(u -> intent.append("uploader", u.toDocument()));
        uploads.insertOne(intent);
        commit.run();
        // GridFS's layout (chunks, then the file document last), written here so that each chunk's _id is
        // FILEID:N: a read then finds every chunk by _id, the one lookup the embedded server does fast at any size
        if (bytes.isPresent()) {
            bytes.get().write(id, counting);
        } else {
            writeChunks(id, counting);
        }
        files.insertOne(new Document("_id", id).append("length", counting.count).append("chunkSize", CHUNK_SIZE)
                .append("uploadDate", new Date()).append("filename", name)
                .append("metadata", new Document("owner", owner).append("uploaded_at", new Date())));
        commit.run();
        return new ArtifactRef(id.toHexString(), name, counting.count, HexFormat.of().formatHex(sha256.digest()));
    }

    private void writeChunks(ObjectId id, InputStream in) throws IOException {
        List<Document> batch = new ArrayList<>();
        int n = 0;
        for (byte[] data; (data = in.readNBytes(CHUNK_SIZE)).length > 0; n++) {
            batch.add(new Document("_id", chunkId(id, n)).append("files_id", id).append("n", n)
                    .append("data", new Binary(data)));
            if (batch.size() == CHUNKS_PER_WRITE) {
                chunks.insertMany(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            chunks.insertMany(batch);
        }
    }

    @Override
    public void reown(List<String> ids, String owner) {
        if (!ids.isEmpty()) {
            uploads.updateMany(Filters.in("_id", ids.stream().map(ObjectId::new).toList()),
                    Updates.set("owner", owner));
            commit.run();
        }
    }

    @Override
    public void claim(List<String> ids) {
        if (!ids.isEmpty()) {
            uploads.deleteMany(Filters.in("_id", ids.stream().map(ObjectId::new).toList()));
            commit.run();
        }
    }

    @Override
    public void get(ArtifactRef ref, Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".roro-", ".part");
        try {
            MessageDigest sha256 = sha256();
            long size;
            ObjectId id = new ObjectId(ref.id());
            Optional<Path> file = bytes.flatMap(b -> b.file(id));
            if (file.isPresent()) {
                try (OutputStream out = Files.newOutputStream(temporary)) {
                    size = ArtifactFiles.copy(file.get(), out, sha256);
                }
            } else {
                size = readChunks(ref, id, temporary, sha256);
            }
            String actual = HexFormat.of().formatHex(sha256.digest());
            if (size != ref.size() || !actual.equals(ref.sha256())) {
                throw new CorruptArtifactException(ref.name() + " (artifact " + ref.id() + ") is corrupt: expected "
                        + ref.size() + " bytes with sha256 " + ref.sha256() + ", read " + size + " bytes with sha256 "
                        + actual);
            }
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * The chunks of {@code id} into {@code temporary}, hashed; how many bytes they held. Chunk by chunk, each found
     * by its _id: bounded memory and time whatever the size. A cursor over the file's chunks makes the embedded
     * server sort them all in memory first (a 2 GB file ran it out of memory) and a large file's first reply exceed
     * the wire protocol's 48 MB message limit; a query on (files_id, n) scans every chunk on the embedded server,
     * so a whole read grows with the square.
     */
    private long readChunks(ArtifactRef ref, ObjectId id, Path temporary, MessageDigest sha256) throws IOException {
        long size = 0;
        try (OutputStream out = Files.newOutputStream(temporary)) {
            boolean byId = chunks.find(Filters.eq("_id", chunkId(id, 0))).first() != null || ref.size() == 0;
            for (int n = 0; size < ref.size(); n++) {
                Document chunk = byId ? chunks.find(Filters.eq("_id", chunkId(id, n))).first()
                        // stored before chunks had FILEID:N ids
                        : chunks.find(Filters.and(Filters.eq("files_id", id), Filters.eq("n", n))).first();
                if (chunk == null) {
                    throw new CorruptArtifactException(ref.name() + " (artifact " + ref.id() + ") cannot be read:"
                            + " chunk " + n + " is missing (" + size + " of " + ref.size() + " bytes read)");
                }
                byte[] data = chunk.get("data", Binary.class).getData();
                if (data.length == 0) {
                    break; // an empty chunk: the size check says what is wrong
                }
                sha256.update(data);
                out.write(data);
                size += data.length;
            }
        }
        return size;
    }

    @Override
    public void delete(String id) {
        deleteQuietly(new ObjectId(id));
        commit.run();
    }

    private void deleteQuietly(ObjectId id) {
        if (bytes.isPresent()) {
            try {
                bytes.get().delete(id);
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cannot remove the file of artifact " + id, e);
            }
        }
        try {
            bucket.delete(id); // removes the chunks even when the file document was never written
        } catch (MongoGridFSException e) {
            // "no file found": an upload killed before its file document; its chunks are gone now
            LOG.log(Level.FINE, "no file " + id + " to delete (an upload killed before its file document)", e);
        }
        uploads.deleteOne(Filters.eq("_id", id));
    }

    @Override
    public List<String> removeOrphans(String ownerPrefix, BiPredicate<String, String> claimed, Duration minAge) {
        Date before = Date.from(Instant.now().minus(minAge));
        List<String> removed = new ArrayList<>();
        // old enough, or written by a process of this machine that is gone (killed mid-publish)
        List<Document> intents = uploads.find(Filters.regex("owner", "^" + Pattern.quote(ownerPrefix)))
                .into(new ArrayList<>()).stream()
                .filter(d -> !d.getDate("started_at").after(before) || UPLOADER.isPresent()
                        && Uploader.from(d.get("uploader", Document.class))
                                .map(u -> u.goneAsSeenFrom(UPLOADER.get())).orElse(false))
                .toList();
        for (Document intent : intents) {
            ObjectId id = intent.getObjectId("_id");
            if (claimed.test(intent.getString("owner"), id.toHexString())) {
                uploads.deleteOne(Filters.eq("_id", id)); // recorded, but the claim was not: finish it
            } else {
                deleteQuietly(id);
                removed.add(id.toHexString());
            }
        }
        if (!intents.isEmpty()) {
            commit.run();
        }
        return removed;
    }

    private volatile boolean indexed;

    /** What GridFS readers (mongofiles, a driver's bucket) use; this store reads by _id. Once, before a write. */
    private void ensureIndexes() {
        if (!indexed) {
            chunks.createIndex(Indexes.ascending("files_id", "n"),
                    new IndexOptions().unique(true));
            indexed = true;
        }
    }

    private static String chunkId(ObjectId file, int n) {
        return file.toHexString() + ":" + n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
