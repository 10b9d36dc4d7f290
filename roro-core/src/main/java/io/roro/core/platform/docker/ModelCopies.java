package io.roro.core.platform.docker;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.lineage.ModelVersion;
import io.roro.core.lineage.StoredFile;
import io.roro.core.platform.PlatformException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * The local copies of model versions that backends mount, under {@code models/MODEL/VERSION}: each file checked
 * against its recorded sha256 before a backend mounts it, and fetched again when it differs (a flipped bit, a
 * truncated file). Downloads land in {@code models/.incoming} first and are moved in whole, so a mounted directory
 * never holds a partial file.
 */
final class ModelCopies {
    private final Supplier<ArtifactStore> artifacts;
    private final Path root;

    ModelCopies(Supplier<ArtifactStore> artifacts, Path root) {
        this.artifacts = artifacts;
        this.root = root;
    }

    /** The version's directory, every file in it exactly as recorded. */
    Path fetch(ModelVersion version) {
        Path dir = root.resolve(version.model()).resolve(version.version());
        try {
            Files.createDirectories(dir);
            for (StoredFile file : version.files()) {
                Path target = dir.resolve(file.name());
                if (!matches(target, file)) {
                    Path part = Files.createTempFile(Files.createDirectories(root.resolve(".incoming")),
                            file.name() + "-", ".part");
                    try {
                        artifacts.get().get(file.ref(), part);
                        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
                target.toFile().setReadable(true, false);
            }
            // the container's user reads the mounted directory itself; its parents (the roro home, owner-only)
            // are never traversed inside the container
            dir.toFile().setExecutable(true, false);
            dir.toFile().setReadable(true, false);
            return dir;
        } catch (IOException e) {
            throw new PlatformException("cannot fetch " + version.id() + ": " + e.getMessage());
        }
    }

    /** Whether a file here is exactly a stored file: same size, same sha256. */
    private static boolean matches(Path local, StoredFile stored) throws IOException {
        if (!Files.isRegularFile(local) || Files.size(local) != stored.size()) {
            return false;
        }
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(local),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest()).equals(stored.sha256());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
