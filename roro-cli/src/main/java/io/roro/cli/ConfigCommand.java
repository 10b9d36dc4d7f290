package io.roro.cli;

import io.roro.core.platform.ConfigVarStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code roro config}: the project's config vars (rorodata's config / config:set / config:unset). */
@Command(name = "config", mixinStandardHelpOptions = true, description = {
    "List the project's config vars, the environment every training and service gets.",
    "Config vars hold API keys and passwords: kept out of roro.yml and out of lineage, readable by you only.",
    "Only their names are listed; values are never shown.",
    "A change applies to what starts after it (the next deploy, serve or train). With --target kubernetes they",
    "are the Secret roro-config-PROJECT in --namespace, which the project's pods read."},
        subcommands = {ConfigCommand.Set.class, ConfigCommand.Unset.class})
final class ConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    TargetOptions target;

    /** Where the vars are on the chosen target: this roro home's file for Docker, the project's Secret on a cluster. */
    private static <T> T withStore(CommandSpec spec, ProjectOption project, TargetOptions target,
            Function<ConfigVarStore, T> work) {
        String name = project.spec(spec).project();
        try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
            return work.apply(platform.configVars(name));
        }
    }

    @Override
    public Integer call() {
        List<String> names = withStore(spec, project, target, ConfigVarStore::names);
        if (json.enabled) {
            json.print(spec, Map.of("names", names));
        } else if (names.isEmpty()) {
            spec.commandLine().getOut().println("no config vars; roro config set NAME=VALUE sets one");
        } else {
            names.forEach(name -> spec.commandLine().getOut().println(name + "=*****"));
        }
        return 0;
    }

    @Command(name = "set", mixinStandardHelpOptions = true, description = {
        "Set config vars of the project.",
        "NAME=VALUE, or NAME alone to take the value from this environment's NAME (so a secret from Jenkins'",
        "withCredentials never appears on a command line)."})
    static final class Set implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Mixin
        ProjectOption project;
        @Mixin
        TargetOptions target;
        @Parameters(arity = "1..*", paramLabel = "NAME[=VALUE]", description = "A variable and its value; NAME alone takes the value of this environment's NAME.")
        List<String> assignments;

        @Override
        public Integer call() {
            Map<String, String> vars = new LinkedHashMap<>();
            for (String assignment : assignments) {
                int equals = assignment.indexOf('=');
                String name = equals < 0 ? assignment : assignment.substring(0, equals);
                String value = equals < 0 ? LineageAccess.environment().get(name) : assignment.substring(equals + 1);
                if (value == null) {
                    throw new IllegalArgumentException(name + " has no value: write " + name + "=VALUE, or set "
                            + name + " in the environment");
                }
                vars.put(name, value);
            }
            withStore(spec, project, target, store -> {
                store.set(vars);
                return vars;
            });
            json.printOr(spec, Map.of("set", List.copyOf(vars.keySet())), "set " + String.join(", ", vars.keySet())
                    + "; the next deploy, serve or train passes " + (vars.size() == 1 ? "it" : "them") + " on");
            return 0;
        }
    }

    @Command(name = "unset", mixinStandardHelpOptions = true, description = "Remove config vars of the project.")
    static final class Unset implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Mixin
        ProjectOption project;
        @Mixin
        TargetOptions target;
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "Config vars to remove.")
        List<String> names;

        @Override
        public Integer call() {
            List<String> removed = withStore(spec, project, target, store -> store.unset(names));
            json.printOr(spec, Map.of("unset", removed), removed.isEmpty()
                    ? "none of " + String.join(", ", names) + " was set" : "unset " + String.join(", ", removed));
            return 0;
        }
    }
}
