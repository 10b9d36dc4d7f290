package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Options whose default comes from a variable of the command's environment ({@code --target} from RORO_TARGET,
 * ...). Not picocli's {@code ${env:...}}: that reads the JVM's own environment, which in the resident roro is
 * not the environment the command was typed in. An unset variable leaves the option's annotated default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final Map<String, String> VARIABLES = Map.of(
            "--target", "RORO_TARGET",
            "--namespace", "RORO_NAMESPACE",
            "--registry", "RORO_REGISTRY",
            "--builder", "RORO_BUILDER",
            "--builder-image", "RORO_BUILDER_IMAGE",
            "--registry-secret", "RORO_REGISTRY_SECRET",
            "--agent-image", "RORO_AGENT_IMAGE");

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        String variable = VARIABLES.get(option.longestName());
        String value = variable == null ? null : Invocation.current().environment().get(variable);
        return value == null || value.isEmpty() ? null : value;
    }
}
