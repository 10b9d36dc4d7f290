package io.roro.core.build;

import io.roro.core.TemporaryDirectory;
import io.roro.core.spec.ProjectTree;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * A copy of the project as docker will see it, minus what never belongs in an image (.git, outputs, data, caches),
 * plus the Dockerfile. Its content hash names the image, so an unchanged tree is never rebuilt.
 */
public final class BuildContext implements AutoCloseable {

    private final Path directory;
    private final String hash;

    private BuildContext(Path directory, String hash) {
        this.directory = directory;
        this.hash = hash;
    }

    /**
     * Stages {@code project} (a symbolic link inside it as what it points to; one out of it, or a loop, is refused)
     * and writes {@code dockerfile} next to it.
     */
    public static BuildContext stage(Path project, String dockerfile, List<ExtraFile> extras) {
        try {
            return stageInto(project, dockerfile, extras, Files.createTempDirectory("roro-build-"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a build directory: " + e.getMessage(), e);
        }
    }

    /** Like {@link #stage}, into {@code staged} (e.g. the shared volume a Kaniko build reads). */
    public static BuildContext stageInto(Path project, String dockerfile, List<ExtraFile> extras, Path staged) {
        try {
            Files.createDirectories(staged);
            List<String> files = new ArrayList<>();
            Files.walkFileTree(project, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(project) && ProjectTree.skipped(dir)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    refuseBadLink(project, dir);
                    Path target = Files.createDirectories(staged.resolve(project.relativize(dir).toString()));
                    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    refuseBadLink(project, file);
                    if (attrs.isRegularFile() && !file.getFileName().toString().endsWith(".pyc")) {
                        String relative = project.relativize(file).toString();
                        Path target = staged.resolve(relative);
                        Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                        readableByAll(target);
                        files.add(relative);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    refuseBadLink(project, file); // a loop or a dangling link, said as validate says it
                    throw e;
                }
            });
            for (ExtraFile extra : extras) {
                Path target = staged.resolve(extra.path());
                Files.createDirectories(target.getParent());
                try (InputStream in = extra.content().openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                files.add(extra.path());
            }
            Files.writeString(staged.resolve(".roro.Dockerfile"), dockerfile);
            files.add(".roro.Dockerfile");
            // docker reads the Dockerfile, but `COPY . /app/` must not put it (or this file) into the image
            Path ignore = staged.resolve(".dockerignore");
            // a regular file only: a pipe named .dockerignore would be waited on forever
            String projectIgnores = Files.isRegularFile(ignore) ? Files.readString(ignore) + "\n" : "";
            Files.writeString(ignore, projectIgnores + ".roro.Dockerfile\n.dockerignore\n");
            if (!files.contains(".dockerignore")) {
                files.add(".dockerignore");
            }
            return new BuildContext(staged, hash(staged, files));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the build context of " + project + ": " + e.getMessage(), e);
        }
    }

    private static void refuseBadLink(Path project, Path path) {
        if (Files.isSymbolicLink(path)) {
            ProjectTree.linkProblem(project, path).ifPresent(p -> {
                throw new BuildException(project.relativize(path) + ": " + p);
            });
        }
    }

    /**
     * The image's files are readable by its unprivileged user as staged (directories and executables searchable),
     * so the Dockerfile needs no `RUN chmod` step: a step that starts a container on every build.
     */
    private static void readableByAll(Path file) throws IOException {
        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(file));
        permissions.addAll(List.of(PosixFilePermission.OWNER_READ, PosixFilePermission.GROUP_READ,
                PosixFilePermission.OTHERS_READ));
        if (permissions.contains(PosixFilePermission.OWNER_EXECUTE)) {
            permissions.addAll(List.of(PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE));
        }
        Files.setPosixFilePermissions(file, permissions);
    }

    /** A file roro adds to the context (e.g. the serving toolkit for a custom runtime image). */
    public record ExtraFile(String path, URL content) {
    }

    private static String hash(Path root, List<String> files) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        files.sort(Comparator.naturalOrder());
        byte[] buffer = new byte[65536];
        for (String file : files) {
            digest.update(file.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(root.resolve(file))) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                }
            }
            digest.update((byte) 0);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    public Path directory() {
        return directory;
    }

    public Path dockerfile() {
        return directory.resolve(".roro.Dockerfile");
    }

    /** sha256 over every staged path and its bytes, Dockerfile included. */
    public String hash() {
        return hash;
    }

    @Override
    public void close() {
        TemporaryDirectory.delete(directory);
    }
}
