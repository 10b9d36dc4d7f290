package io.roro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.roro.core.contract.CommandJson;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output for scripts, on every command. */
final class JsonOption {
    /** The contract's mapper: what the Jenkins plugin reads back as the same records. */
    static final ObjectMapper MAPPER = CommandJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean enabled;

    /** {@code value} as JSON with --json, else the line {@code text}. */
    void printOr(CommandSpec spec, Object value, String text) {
        if (enabled) {
            print(spec, value);
        } else {
            spec.commandLine().getOut().println(text);
        }
    }

    void print(CommandSpec spec, Object value) {
        spec.commandLine().getOut().println(CommandJson.write(value));
    }
}
