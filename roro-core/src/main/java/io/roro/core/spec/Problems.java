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

    /** The problems in file order; past {@value #SHOWN}, the first ones and a last line counting the others. */
    List<SpecProblem> all() {
        List<SpecProblem> sorted = new ArrayList<>(list);
        sorted.sort((a, b) -> a.line() != b.line() ? Integer.compare(a.line(), b.line())
                : Integer.compare(a.column(), b.column()));
        if (sorted.size() <= SHOWN) {
            return sorted;
        }
        List<SpecProblem> shown = new ArrayList<>(sorted.subList(0, SHOWN));
        shown.add(new SpecProblem(file, 0, 0, "", "and " + (sorted.size() - SHOWN) + " more problems, not shown"
                + " (fix the ones above first)"));
        return shown;
    }

    /** How many problems are listed at most: a generated file with 60,000 of them is not 11 MB of output. */
    static final int SHOWN = 200;
}
