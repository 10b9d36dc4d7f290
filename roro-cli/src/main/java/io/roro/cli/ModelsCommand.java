package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.ModelRecord;
import io.roro.core.contract.ModelVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.bson.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "models", mixinStandardHelpOptions = true, description = "List registered models.",
        subcommands = ModelsCommand.Show.class)
final class ModelsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        try (Lineage lineage = LineageAccess.open()) {
            List<ModelRecord> models = lineage.models().models();
            if (json.enabled) {
                json.print(spec, models);
                return 0;
            }
            Table table = new Table("NAME", "PROJECT", "LATEST", "FILES", "DESCRIPTION");
            for (ModelRecord m : models) {
                table.row(m.name(), m.project().orElse(""),
                        lineage.models().latestVersion(m.name()).map(ModelVersion::version).orElse("-"),
                        String.join(",", m.files().stream().map(f -> f.name() + (f.required() ? "" : "?")).toList()),
                        m.description());
            }
            table.print(spec.commandLine().getOut());
        }
        return 0;
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a model and its latest versions.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Parameters(paramLabel = "NAME", description = "The model, as roro models lists it.")
        String name;

        @Override
        public Integer call() {
            try (Lineage lineage = LineageAccess.open()) {
                ModelRecord model = lineage.models().model(name)
                        .orElseThrow(() -> new LineageException("no model " + name));
                List<ModelVersion> versions = lineage.models().versions(Optional.of(name), new Document(), false, Optional.empty(), 10);
                if (json.enabled) {
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("model", model);
                    out.put("versions", versions);
                    json.print(spec, out);
                    return 0;
                }
                var out = spec.commandLine().getOut();
                out.println("model:       " + model.name());
                out.println("project:     " + model.project().orElse("-"));
                out.println("description: " + model.description());
                out.println("files:");
                model.files().forEach(f -> out.println("  " + f.name() + (f.required() ? " (required)" : "")
                        + (f.maxMb() > 0 ? " max " + f.maxMb() + " MB" : "")));
                out.println("latest versions:");
                VersionsCommand.table(versions, lineage.queries().servedBy(versions),
                        VersionsCommand.aliases(lineage, versions)).print(out);
            }
            return 0;
        }
    }
}
