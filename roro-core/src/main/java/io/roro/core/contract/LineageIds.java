package io.roro.core.contract;

import java.util.Arrays;
import java.util.Map;

/**
 * Natural keys of lineage records, used as {@code _id}s so every hop of a lineage walk is a lookup by {@code _id}
 * (the embedded server has no fast secondary indexes). Names cannot contain ':', so the keys are unambiguous.
 */
public final class LineageIds {
    private LineageIds() {
    }

    public static String buildVersion(String project, String tag) {
        return project + ":" + tag;
    }

    /** A dataset's name within its model, {@code MODEL:NAME}: the key its versions are numbered and listed under. */
    public static String dataset(String model, String name) {
        return model + ":" + name;
    }

    /** One version of a dataset: {@code MODEL:NAME:VERSION}, what a training records it read. */
    public static String datasetVersion(String model, String name, String version) {
        return model + ":" + name + ":" + version;
    }

    /** {@code MODEL:NAME:VERSION} into its three parts, or an error naming the form. */
    public static String[] splitDataset(String id) {
        String[] parts = id.split(":", -1);
        if (parts.length != 3 || Arrays.stream(parts).anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("'" + id + "' is not a dataset version id; expected "
                    + FORMS.get("dataset"));
        }
        return parts;
    }

    public static String training(String project, String name) {
        return project + ":" + name;
    }

    public static String modelVersion(String model, String version) {
        return model + ":" + version;
    }

    public static String deployment(String project, String service) {
        return project + ":" + service;
    }

    public static String deploymentEvent(String deployment, long revision) {
        return deployment + "#" + revision;
    }

    /** The form of each kind of id, for the error that names it. */
    private static final Map<String, String> FORMS = Map.of(
            "model version", "MODEL:VERSION such as credit-model:v3",
            "training", "PROJECT:TRAINING such as credit-risk:retrain-7 (roro ps lists them)",
            "dataset", "MODEL:NAME:VERSION such as credit-model:credit-data:v2",
            "build version", "PROJECT:TAG such as credit-risk:3f2a9c1",
            "deployment", "PROJECT:SERVICE such as credit-risk:default");

    /** {@code model:version} into its two parts, or an error naming the expected form. */
    public static String[] split(String id, String what) {
        int colon = id.indexOf(':');
        if (colon <= 0 || colon == id.length() - 1 || id.indexOf(':', colon + 1) >= 0) {
            throw new IllegalArgumentException("'" + id + "' is not a " + what + " id; expected " + FORMS.getOrDefault(
                    what, "NAME:VERSION such as credit-model:v3"));
        }
        return new String[] {id.substring(0, colon), id.substring(colon + 1)};
    }
}
