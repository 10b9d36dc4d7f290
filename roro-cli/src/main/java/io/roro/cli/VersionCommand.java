package io.roro.cli;

import io.roro.core.RoroVersion;
import io.roro.core.contract.VersionInfo;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version of roro.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        if (json.enabled) {
            json.print(spec, VersionInfo.current());
        } else {
            spec.commandLine().getOut().println("roro " + RoroVersion.get());
        }
        return 0;
    }
}
