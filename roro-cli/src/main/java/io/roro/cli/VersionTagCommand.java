package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.Origin;
import io.roro.core.contract.VersionNotes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roro versions tag}: tags and a description beside a version's immutable content. */
@Command(name = "tag", mixinStandardHelpOptions = true, description = {
        "Tag a version (KEY=VALUE) or describe it: what a team says about it, changed at will beside its immutable"
                + " content.",
        "Without tags or options, shows the version's tags and description, with who changed them last."})
final class VersionTagCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", paramLabel = "MODEL:VERSION", description = "The version (an alias works too).")
    String id;
    @Parameters(index = "1..*", arity = "0..*", paramLabel = "KEY=VALUE", description = "Tags to set.")
    List<String> tags = new ArrayList<>();
    @Option(names = "--untag", paramLabel = "KEY", description = "A tag to remove (repeatable).")
    List<String> untag = new ArrayList<>();
    @Option(names = "--description", paramLabel = "TEXT", description = "The version's description (\"\" removes"
            + " it).")
    String description;

    @Override
    public Integer call() {
        String[] parts = LineageIds.split(id, "model version");
        Map<String, String> set = new LinkedHashMap<>();
        for (String tag : tags) {
            int eq = tag.indexOf('=');
            if (eq < 1) {
                throw new LineageException("tag \"" + tag + "\": write KEY=VALUE (--untag KEY removes one)");
            }
            set.put(tag.substring(0, eq), tag.substring(eq + 1));
        }
        Origin origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        try (Lineage lineage = LineageAccess.open()) {
            String version = lineage.aliases().resolve(parts[0], parts[1]).map(ModelVersion::id)
                    .orElseThrow(() -> new LineageException("no model version " + id));
            VersionNotes notes = lineage.notes().of(version);
            if (!set.isEmpty() || !untag.isEmpty()) {
                notes = lineage.notes().tag(version, set, untag, origin);
            }
            if (description != null) {
                notes = lineage.notes().describe(version, Optional.of(description), origin);
            }
            if (json.enabled) {
                json.print(spec, notes);
            } else {
                show(notes);
            }
        }
        return 0;
    }

    private void show(VersionNotes notes) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("version:     " + notes.version());
        out.println("tags:        " + tags(notes));
        out.println("description: " + notes.description().orElse("-"));
        notes.changedAt().ifPresent(at -> out.println("changed:     " + Times.show(at) + " by "
                + notes.changedBy().map(Origin::describe).orElse("?")));
    }

    /** {@code k=v, k2=v2}, or "-". */
    static String tags(VersionNotes notes) {
        return notes.tagsText().orElse("-");
    }
}
