package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.ModelAlias;
import io.roro.core.contract.Origin;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roro versions alias}: names that move between a model's versions, each move kept with who and when. */
@Command(name = "alias", mixinStandardHelpOptions = true, description = {
        "Give a version a name that moves (champion, challenger): usable wherever a version is, as in"
                + " `roro serve default --version champion` or `serveModel version: 'champion'`.",
        "MODEL alone lists its aliases; MODEL ALIAS shows where one points and its history; MODEL ALIAS VERSION"
                + " moves it there. Versions stay immutable; every move is recorded."})
final class VersionAliasCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Parameters(index = "0", paramLabel = "MODEL", description = "The model, e.g. credit-model.")
    String model;
    @Parameters(index = "1", arity = "0..1", paramLabel = "ALIAS", description = "The alias, e.g. champion.")
    String alias;
    @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION", description = "The version it names from now"
            + " on: v3 or credit-model:v3.")
    String version;
    @Option(names = "--remove", description = "Remove the alias (its history stays).")
    boolean remove;

    @Override
    public Integer call() {
        if (remove && (alias == null || version != null)) {
            throw new LineageException("--remove takes MODEL ALIAS and no VERSION");
        }
        Origin origin = LineageAccess.origin(spec.commandLine().getParseResult().originalArgs());
        try (Lineage lineage = LineageAccess.open()) {
            if (lineage.models().model(model).isEmpty()) {
                throw new LineageException("no model " + model + " (roro models lists them)");
            }
            if (alias == null) {
                List<ModelAlias> all = lineage.aliases().of(model);
                if (json.enabled) {
                    json.print(spec, all.stream().map(VersionAliasCommand::asMap).toList());
                } else {
                    list(all);
                }
                return 0;
            }
            ModelAlias result;
            if (remove) {
                result = lineage.aliases().remove(model, alias, origin);
            } else if (version != null) {
                result = lineage.aliases().set(model, alias, version, origin);
            } else {
                result = lineage.aliases().get(model, alias).orElseThrow(() -> new LineageException(model
                        + " has no alias " + alias));
            }
            if (json.enabled) {
                json.print(spec, asMap(result));
            } else {
                show(result, version != null || remove);
            }
        }
        return 0;
    }

    private void list(List<ModelAlias> all) {
        PrintWriter out = spec.commandLine().getOut();
        if (all.isEmpty()) {
            out.println(model + " has no aliases (roro versions alias " + model + " champion v3 makes one)");
            return;
        }
        Table table = new Table("ALIAS", "VERSION", "SINCE", "BY");
        all.forEach(a -> table.row(a.alias(), a.version().orElse("-"),
                a.last().map(m -> Times.show(m.at())).orElse("-"), a.last().map(m -> m.origin().describe())
                        .orElse("-")));
        table.print(out);
    }

    private void show(ModelAlias a, boolean changed) {
        PrintWriter out = spec.commandLine().getOut();
        if (changed) {
            out.println(a.version().map(v -> a.id() + " -> " + v).orElse(a.id() + " removed"));
            return;
        }
        out.println(a.id() + " -> " + a.version().orElse("nothing (removed)"));
        a.history().forEach(m -> out.println("  " + Times.show(m.at()) + "  " + m.version().orElse("removed")
                + "  by " + m.origin().describe()));
    }

    private static Map<String, Object> asMap(ModelAlias a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", a.model());
        m.put("alias", a.alias());
        m.put("version", a.version().orElse(null));
        m.put("history", a.history().stream().map(h -> {
            Map<String, Object> move = new LinkedHashMap<>();
            move.put("version", h.version().orElse(null));
            move.put("at", h.at().toString());
            move.put("by", h.origin().describe());
            return move;
        }).toList());
        return m;
    }
}
