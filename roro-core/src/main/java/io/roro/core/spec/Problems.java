package io.roro.core.spec;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one file, so validation reports all of them in one pass. */
final class Problems {
    private final String file;
    private final List<SpecProblem> list = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(YamlNode.Mark mark, String path, String message) {
        list.add(new SpecProblem(file, mark.line(), mark.column(), path, message));
    }

    /** A problem of another file of the project ({@code file} as the user would name it). */
    void addOther(String file, String message) {
        list.add(new SpecProblem(file, 0, 0, "", message));
    }

    void add(YamlNode node, String path, String message) {
        add(node.mark(), path, message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    List<SpecProblem> all() {
        List<SpecProblem> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
        return sorted;
    }
}
