package io.roro.core.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks paths named in roro.yml: always that they stay inside the project, and, when the project directory is
 * known, that they exist and do not escape it through a symbolic link.
 */
final class ProjectFiles {
    private final Optional<Path> directory;

    ProjectFiles(Optional<Path> directory) {
        this.directory = directory;
    }

    /** The project directory (with a service's {@code directory:} under it), when it is known. */
    Optional<Path> root(Optional<String> subdirectory) {
        return directory.map(d -> subdirectory.map(d::resolve).orElse(d));
    }

    Optional<String> file(Fields f, String key) {
        return check(f, key, false);
    }

    Optional<String> directory(Fields f, String key) {
        return check(f, key, true);
    }

    /** For defaults such as requirements.txt: only the containment check, since the file is optional. */
    Optional<String> optionalFile(Fields f, String key, String fallback) {
        Optional<String> value = f.string(key);
        if (value.isEmpty()) {
            return Optional.of(fallback);
        }
        return check(f, key, false);
    }

    private Optional<String> check(Fields f, String key, boolean wantDirectory) {
        Optional<String> value = f.string(key);
        if (value.isEmpty()) {
            return value;
        }
        Optional<String> problem = Names.checkRelativePath(value.get());
        if (problem.isPresent()) {
            f.problem(key, problem.get());
            return Optional.empty();
        }
        if (directory.isPresent()) {
            Path root = directory.get();
            Path target = root.resolve(value.get()).normalize();
            if (!Files.exists(target)) {
                f.problem(key, "'" + value.get() + "' does not exist in the project directory");
                return Optional.empty();
            }
            if (wantDirectory != Files.isDirectory(target)) {
                f.problem(key, "'" + value.get() + "' is " + (wantDirectory ? "a file; expected a directory"
                        : "a directory; expected a file"));
                return Optional.empty();
            }
            if (!wantDirectory && !Files.isRegularFile(target)) {
                // reading a FIFO waits for a writer forever: the command, and the resident roro, would hang
                f.problem(key, "'" + value.get() + "' is not a regular file (a pipe, socket or device)");
                return Optional.empty();
            }
            try {
                if (!target.toRealPath().startsWith(root.toRealPath())) {
                    f.problem(key, "'" + value.get() + "' is a link to outside the project directory");
                    return Optional.empty();
                }
            } catch (IOException e) {
                f.problem(key, "cannot check '" + value.get() + "': " + e.getMessage());
                return Optional.empty();
            }
        }
        return value;
    }
}
