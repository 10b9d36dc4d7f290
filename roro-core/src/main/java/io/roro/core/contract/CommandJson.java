package io.roro.core.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of {@code roro ... --json}: what the command writes and what the Jenkins plugin reads back, as the same
 * core records on both sides (the plugin checks first that the agent's roro is its own version). One mapper, so an
 * Optional, an Instant or a record component means the same on the way out and on the way in.
 */
public final class CommandJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // a field a record does not know is not an error: scripts read the same JSON and roro may add to it
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // one it needs is: an answer of another shape (a message, an empty object) is not read as a record of nulls
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);
    private static final ObjectMapper PRETTY = MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);

    private CommandJson() {
    }

    /** The mapper both sides use (a copy: callers cannot change how the other side reads). */
    public static ObjectMapper mapper() {
        return MAPPER.copy();
    }

    /** {@code value} as the command prints it. */
    public static String write(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A command's answer as its record; a shape that does not fit is a {@link CommandJsonException} naming both. */
    public static <T> T read(String json, Class<T> type) {
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new CommandJsonException("roro printed no " + type.getSimpleName() + " (empty answer)");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new CommandJsonException("roro's answer is not a " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * What {@code roro serve} and {@code roro rollback} answer: the deployment event they recorded, or empty when
     * nothing changed ({@code {"unchanged": true}}).
     */
    public static Optional<DeploymentEvent> readEvent(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            if (tree != null && tree.path("unchanged").asBoolean(false)) {
                return Optional.empty();
            }
        } catch (JsonProcessingException e) {
            throw new CommandJsonException("roro's answer is not JSON: " + e.getOriginalMessage(), e);
        }
        return Optional.of(read(json, DeploymentEvent.class));
    }

    /** What nothing changed looks like, for the commands that may change nothing. */
    public static Object unchanged() {
        return Map.of("unchanged", true);
    }
}
