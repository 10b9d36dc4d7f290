package io.roro.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --json}: machine-readable output for scripts, on every command. */
final class JsonOption {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

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
        try {
            spec.commandLine().getOut().println(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }
}
