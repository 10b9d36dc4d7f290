package io.roro.core.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The files of a project that go into its image: everything but version-control, caches, outputs and data, with
 * symbolic links inside the project copied as what they point to. A link out of the project (or to nowhere, or to
 * a directory that contains it) is refused: the image would silently lack what the code on the laptop imports.
 */
public final class ProjectTree {
    /** Directories never copied into an image. */
    public static final Set<String> SKIPPED = Set.of(".git", ".hg", ".svn", "__pycache__", ".ipynb_checkpoints",
            "output", "data", ".roro", ".venv", "venv", "node_modules", ".pytest_cache", ".mypy_cache");

    private ProjectTree() {
    }

    /** Whether {@code dir} (not the project itself) is left out of the image. */
    public static boolean skipped(Path dir) {
        return dir.getFileName() != null && SKIPPED.contains(dir.getFileName().toString());
    }

    /** What is wrong with the link {@code link} of {@code project}, if anything; empty for a link inside it. */
    public static Optional<String> linkProblem(Path project, Path link) {
        String target;
        try {
            target = Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return Optional.of("cannot read the link: " + e.getMessage());
        }
        Path real;
        try {
            real = link.toRealPath();
        } catch (IOException e) {
            return Optional.of("a symbolic link to " + target + ", which does not exist");
        }
        Path root;
        try {
            root = project.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the project directory " + project + ": " + e.getMessage(), e);
        }
        if (!real.startsWith(root)) {
            return Optional.of("a symbolic link to " + target + ", outside the project directory: the image cannot"
                    + " have it; copy it into the project");
        }
        Path where;
        try {
            where = link.getParent().toRealPath();
        } catch (IOException e) {
            return Optional.of("cannot read the link's directory: " + e.getMessage());
        }
        if (Files.isDirectory(real) && where.startsWith(real)) {
            return Optional.of("a symbolic link to " + target + ", a directory that contains it (a loop)");
        }
        return Optional.empty();
    }

    /** A link that cannot be copied into the image: its path relative to the project, and why. */
    public record LinkProblem(Path path, String message) {
    }

    /** Each link of the project's image files that cannot be copied. */
    public static List<LinkProblem> linkProblems(Path project) {
        List<LinkProblem> problems = new ArrayList<>();
        try {
            Files.walkFileTree(project, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    return !dir.equals(project) && skipped(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isSymbolicLink() && !skipped(file)) {
                        linkProblem(project, file).ifPresent(p -> problems.add(new LinkProblem(project.relativize(file), p)));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(new LinkProblem(project.relativize(file), "cannot read: " + e.getMessage()));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the project directory " + project + ": " + e.getMessage(), e);
        }
        return problems;
    }
}
