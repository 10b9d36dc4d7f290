package io.roro.cli;

import io.roro.core.train.Params;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code -p NAME=VALUE}: a training's or a run's parameters, typed as core's Params types them. */
final class ParamsOption {
    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter (RORO_PARAMS_FILE),"
            + " over the task's params: in roro.yml; recorded with the training.")
    List<String> params = new ArrayList<>();

    /** The parameters; a malformed one ends the command naming it (exit 2). */
    Map<String, Object> parse(CommandSpec spec) {
        try {
            return Params.parse(params);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }
}
