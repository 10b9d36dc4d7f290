package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options whose default comes from a variable of the command's environment ({@code --target} from RORO_TARGET,
 * a target's settings from the variables its provider declares). Not picocli's {@code ${env:...}}: that reads the
 * JVM's own environment, which in the resident roro is not the environment the command was typed in. An unset
 * variable leaves the option's annotated default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    private final Map<String, String> variables;

    EnvironmentDefaults() {
        this(ProviderOptions.declared());
    }

    EnvironmentDefaults(Map<String, ProviderOptions.Declared> declared) {
        Map<String, String> byOption = new LinkedHashMap<>();
        byOption.put("--target", "RORO_TARGET");
        declared.values().forEach(d -> d.setting().variable()
                .ifPresent(variable -> byOption.put(d.setting().option(), variable)));
        this.variables = Map.copyOf(byOption);
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String variable = variables.get(option.longestName());
        String value = variable == null ? null : Invocation.current().environment().get(variable);
        return value == null || value.isEmpty() ? null : value;
    }
}
