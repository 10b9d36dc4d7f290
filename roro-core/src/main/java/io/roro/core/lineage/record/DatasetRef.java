package io.roro.core.lineage.record;

import io.roro.core.contract.LineageIds;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A dataset as roro.yml, the CLI and the Jenkins steps name it: {@code NAME} or {@code NAME:VERSION} (of a model
 * known from where it is written: the task's, the publish's) or {@code MODEL:NAME} or {@code MODEL:NAME:VERSION}.
 * Without a version it means the newest version when it is read (a nightly retrain on new data); with one it is
 * pinned. Dataset names cannot look like versions ({@code v3}), so the two-part forms never collide.
 *
 * @param model   the model the dataset belongs to, when written
 * @param name    the dataset's name
 * @param version the pinned version ({@code v3}), or empty for the newest
 */
public record DatasetRef(Optional<String> model, String name, Optional<String> version) {
    /** The form of a dataset version's name: {@code v1}, {@code v2}, ... */
    public static final Pattern VERSION = Pattern.compile("v[1-9][0-9]{0,8}");
    private static final String FORMS = "NAME, NAME:VERSION, MODEL:NAME or MODEL:NAME:VERSION (e.g. credit-data:v3)";

    public static DatasetRef parse(String text) {
        String[] parts = text.split(":", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' is not a dataset; write " + FORMS);
            }
        }
        return switch (parts.length) {
            case 1 -> new DatasetRef(Optional.empty(), parts[0], Optional.empty());
            case 2 -> isVersion(parts[1])
                    ? new DatasetRef(Optional.empty(), parts[0], Optional.of(parts[1]))
                    : new DatasetRef(Optional.of(parts[0]), parts[1], Optional.empty());
            case 3 -> {
                if (!isVersion(parts[2])) {
                    throw new IllegalArgumentException("'" + text + "': '" + parts[2] + "' is not a dataset"
                            + " version (v1, v2, ...)");
                }
                yield new DatasetRef(Optional.of(parts[0]), parts[1], Optional.of(parts[2]));
            }
            default -> throw new IllegalArgumentException("'" + text + "' is not a dataset; write " + FORMS);
        };
    }

    public static boolean isVersion(String text) {
        return VERSION.matcher(text).matches();
    }

    /** This reference with {@code model} where it names none. */
    public DatasetRef orModel(Optional<String> defaultModel) {
        return model.isPresent() ? this : new DatasetRef(defaultModel, name, version);
    }

    /** {@code MODEL:NAME}: the key of the dataset's versions (the model must be known). */
    public String key() {
        return LineageIds.dataset(model.orElseThrow(() -> new IllegalStateException("no model for dataset " + name)),
                name);
    }

    /** As written, fully: {@code MODEL:NAME} or {@code MODEL:NAME:VERSION}. */
    @Override
    public String toString() {
        return model.map(m -> m + ":").orElse("") + name + version.map(v -> ":" + v).orElse("");
    }
}
