package io.roro.core.publish;

import io.roro.core.spec.ModelSpec;
import io.roro.core.spec.Names;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The files of a directory about to be published, checked against a model's file rules before any upload. */
record FileSet(Path directory, Map<String, Path> files) {

    static FileSet of(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new PublishException(directory + " is not a directory");
        }
        Map<String, Path> files = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        try (var entries = Files.list(directory)) {
            for (Path path : entries.toList()) {
                String name = path.getFileName().toString();
                if (Files.isSymbolicLink(path)) {
                    problems.add(name + " is a symbolic link; publish the file itself");
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    problems.add(name + "/ is a directory; a version holds plain files (archive it first)");
                } else {
                    Names.checkFileName(name).ifPresent(problems::add);
                    files.put(name, path);
                }
            }
        } catch (IOException e) {
            throw new PublishException("cannot list " + directory + ": " + e.getMessage(), e);
        }
        if (!problems.isEmpty()) {
            throw new PublishException(directory + ": " + String.join("; ", problems));
        }
        return new FileSet(directory, files);
    }

    /** Required files present, none over its {@code max_mb}: checked before anything is stored or recorded. */
    void check(ModelSpec model) {
        List<String> problems = new ArrayList<>();
        for (ModelSpec.ModelFile rule : model.files()) {
            Path file = files.get(rule.name());
            if (file == null) {
                if (rule.required()) {
                    problems.add("required file " + rule.name() + " is missing");
                }
                continue;
            }
            long size = size(file);
            if (rule.maxMb() > 0 && size > rule.maxMb() * 1024L * 1024L) {
                problems.add(String.format("%s is %.1f MB, over its limit of %d MB", rule.name(),
                        size / 1048576.0, rule.maxMb()));
            }
        }
        if (problems.isEmpty() && files.isEmpty()) {
            problems.add("the directory holds no files");
        }
        if (!problems.isEmpty()) {
            throw new PublishException("cannot publish " + directory + " as model " + model.name() + ": "
                    + String.join("; ", problems));
        }
    }

    /** The bytes of all the files. */
    long bytes() {
        return files.values().stream().mapToLong(FileSet::size).sum();
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new PublishException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
