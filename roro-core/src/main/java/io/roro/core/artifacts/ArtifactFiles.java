package io.roro.core.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.Optional;
import org.bson.types.ObjectId;

/**
 * The bytes of the embedded store's artifacts, as one file each beside its lineage file ({@code lineage.mv.artifacts/ID}):
 * the embedded server spent ~10 CPU-s per GB turning chunks into its own pages (a GB's publish 13 s against a
 * floor of 3.5 s), a file is written at the disk's speed, and deleting a version's files frees their space. The
 * records (the upload intent, the file document with its size) stay in the database, so everything else about an
 * artifact (orphans, claims, reads verified against the sha256) is as in GridFS. A file is written as
 * {@code ID.part} and renamed whole, so its name never stands for part of it.
 */
final class ArtifactFiles {
    private static final int BUFFER = 1 << 20;
    private final Path directory;

    ArtifactFiles(Path directory) {
        this.directory = directory;
    }

    /** Where the embedded store whose lineage file is {@code lineageFile} keeps its artifacts' bytes. */
    static ArtifactFiles beside(Path lineageFile) {
        return new ArtifactFiles(directoryBeside(lineageFile));
    }

    static Path directoryBeside(Path lineageFile) {
        Path file = lineageFile.toAbsolutePath();
        return file.resolveSibling(file.getFileName() + ".artifacts");
    }

    /** Writes {@code in} whole as the bytes of {@code id}. */
    void write(ObjectId id, InputStream in) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        }
        Path part = directory.resolve(id.toHexString() + ".part");
        try (OutputStream out = Files.newOutputStream(part)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.readNBytes(buffer, 0, BUFFER)) > 0; ) {
                out.write(buffer, 0, n);
            }
        }
        Files.move(part, directory.resolve(id.toHexString()), StandardCopyOption.ATOMIC_MOVE);
    }

    /** The file of {@code id}, when its bytes are here (else they are chunks in the database: an older roro's). */
    Optional<Path> file(ObjectId id) {
        Path file = directory.resolve(id.toHexString());
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** Copies {@code file} to {@code out}, hashing it on the way; the number of bytes copied. */
    static long copy(Path file, OutputStream out, MessageDigest sha256) throws IOException {
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; size += n) {
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return size;
    }

    /** Removes the bytes of {@code id}, and what an upload killed half-way left of them. */
    void delete(ObjectId id) throws IOException {
        Files.deleteIfExists(directory.resolve(id.toHexString()));
        Files.deleteIfExists(directory.resolve(id.toHexString() + ".part"));
    }
}
