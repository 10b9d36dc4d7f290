package io.roro.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** Parses JSON objects given on the command line ({@code --details '{"note": "x"}'}). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static Map<String, Object> object(CommandSpec spec, String option, String text) {
        if (text == null || text.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return MAPPER.readValue(text, new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (Exception e) {
            throw new ParameterException(spec.commandLine(), option + " must be a JSON object such as"
                    + " '{\"note\": \"first\"}': " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }
}
