package io.roro.core.platform.docker;

import io.roro.core.artifacts.ArtifactRef;
import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import io.roro.core.platform.PlatformException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The local copies of model versions that backends mount, under {@code models/MODEL/VERSION}: each file checked
 * against its recorded sha256 before a backend mounts it, and fetched again when it differs (a flipped bit, a
 * truncated file). Downloads land in {@code models/.incoming} first and are moved in whole, so a mounted directory
 * never holds a partial file. A check is remembered ({@code models/.verified}): while the file is the same one, not
 * written, moved or changed in any way since (its inode, size, modification and change times), the next serve does
 * not hash it again (a GB took seconds at every serve).
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
                Path stamp = root.resolve(".verified").resolve(version.model()).resolve(version.version())
                        .resolve(file.name());
                if (!remembered(target, file, stamp) && !matches(target, file)) {
                    Path part = Files.createTempFile(Files.createDirectories(root.resolve(".incoming")),
                            file.name() + "-", ".part");
                    try {
                        artifacts.get().get(ArtifactRef.of(file), part); // checked against the sha256 as it is read
                        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(target);
                if (!mode.contains(PosixFilePermission.OTHERS_READ)) { // a chmod changes the file's ctime
                    target.toFile().setReadable(true, false);
                }
                remember(target, file, stamp);
            }
            // the container's user reads the mounted directory itself; its parents (the roro home, owner-only)
            // are never traversed inside the container
            dir.toFile().setExecutable(true, false);
            dir.toFile().setReadable(true, false);
            return dir;
        } catch (IOException e) {
            throw new PlatformException("cannot fetch " + version.id() + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code local} is the very file last found to be {@code stored}, unchanged since. */
    private static boolean remembered(Path local, StoredFile stored, Path stamp) throws IOException {
        return Files.isRegularFile(stamp) && Files.isRegularFile(local)
                && Files.readString(stamp).equals(stored.sha256() + " " + identity(local));
    }

    private static void remember(Path local, StoredFile stored, Path stamp) throws IOException {
        String text = stored.sha256() + " " + identity(local);
        if (!Files.isRegularFile(stamp) || !Files.readString(stamp).equals(text)) {
            Path part = Files.createTempFile(Files.createDirectories(stamp.getParent()), stamp.getFileName() + "-",
                    ".part");
            Files.writeString(part, text);
            Files.move(part, stamp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** What changes whenever the file does: any write, truncation, rename over it or chmod changes its ctime. */
    private static String identity(Path file) throws IOException {
        Map<String, Object> unix = Files.readAttributes(file, "unix:ino,size,lastModifiedTime,ctime",
                LinkOption.NOFOLLOW_LINKS);
        return unix.get("ino") + " " + unix.get("size") + " " + ((FileTime) unix.get("lastModifiedTime"))
                .to(TimeUnit.NANOSECONDS) + " " + ((FileTime) unix.get("ctime")).to(TimeUnit.NANOSECONDS);
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
