package io.roro.core.contract;

/**
 * A reference to a lineage record as the CLI, the Jenkins steps and the UI write it: {@code MODEL:VERSION},
 * {@code deployment/PROJECT:SERVICE}, {@code build/PROJECT:TAG}, {@code dataset/MODEL:NAME:VERSION}. Parsed here, and
 * written by {@link #format()}, so every reader agrees on the grammar.
 */
public record LineageRef(Kind kind, String id) {
    /** What a reference names, with its prefix and the name its id's form goes by in errors. */
    public enum Kind {
        MODEL_VERSION("", "model version"),
        DEPLOYMENT("deployment/", "deployment"),
        BUILD("build/", "build version"),
        DATASET("dataset/", "dataset");

        private final String prefix;
        private final String what;

        Kind(String prefix, String what) {
            this.prefix = prefix;
            this.what = what;
        }
    }

    public LineageRef {
        // NAME:NAME (a dataset version MODEL:NAME:VERSION), or an error naming the form expected
        if (kind == Kind.DATASET) {
            LineageIds.splitDataset(id);
        } else {
            LineageIds.split(id, kind.what);
        }
    }

    /**
     * What {@code text} refers to by its prefix, before its id is checked: a reader that takes shorthands (a
     * deployment's service alone, a dataset's newest version, {@code MODEL:latest}) completes the id, then parses.
     */
    public static Kind kindOf(String text) {
        for (Kind kind : Kind.values()) {
            if (!kind.prefix.isEmpty() && text.startsWith(kind.prefix)) {
                return kind;
            }
        }
        return Kind.MODEL_VERSION;
    }

    /** {@code text} without the prefix of its kind. */
    public static String idPart(String text) {
        return text.substring(kindOf(text).prefix.length());
    }

    /** The reference in {@code text}; IllegalArgumentException naming the form expected when it is none. */
    public static LineageRef parse(String text) {
        return new LineageRef(kindOf(text), idPart(text));
    }

    /** {@code deployment/PROJECT:SERVICE}. */
    public static String deployment(String project, String service) {
        return new LineageRef(Kind.DEPLOYMENT, project + ":" + service).format();
    }

    /** {@code build/PROJECT:TAG} of a build version's id. */
    public static String build(String buildVersionId) {
        return new LineageRef(Kind.BUILD, buildVersionId).format();
    }

    public String format() {
        return kind.prefix + id;
    }

    /** The part before ':': the project of a deployment or build, the model of a version or dataset. */
    public String owner() {
        return id.substring(0, id.indexOf(':'));
    }

    /** The part after ':': the service, tag, version, or a dataset's NAME:VERSION. */
    public String name() {
        return id.substring(id.indexOf(':') + 1);
    }
}
