package io.roro.core.platform;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a training ended on its platform.
 *
 * @param output where its output files are, when this machine can read them (else the training published them
 *               itself, where it ran)
 * @param log    its whole log, to keep with the training, when the platform has it
 */
public record TrainingExit(Outcome outcome, String reason, Optional<Path> output, Optional<Log> log) {

    public enum Outcome {
        /** Exit code 0; the operation records the end and publishes {@code output}. */
        SUCCEEDED,
        /** It ended and recorded its own end where it ran (a Kubernetes Job's last step). */
        RECORDED_ITSELF,
        /** It failed; {@code reason} says how (an exit code and the last error line, Kubernetes' reason). */
        FAILED,
        /** Killed for using more memory than its profile allows. */
        OUT_OF_MEMORY,
        /** What it ran in is gone. */
        GONE
    }

    /** A log to read once. */
    public interface Log {
        InputStream open() throws IOException;

        long size() throws IOException;

        static Log of(Path file) {
            return new Log() {
                @Override
                public InputStream open() throws IOException {
                    return Files.newInputStream(file);
                }

                @Override
                public long size() throws IOException {
                    return Files.size(file);
                }
            };
        }

        static Log of(String text) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            return new Log() {
                @Override
                public InputStream open() {
                    return new ByteArrayInputStream(bytes);
                }

                @Override
                public long size() {
                    return bytes.length;
                }
            };
        }
    }

    public static TrainingExit failed(String reason, Optional<Log> log) {
        return new TrainingExit(Outcome.FAILED, reason, Optional.empty(), log);
    }

    /** A process that exited with {@code code}: the reason starts "exit code N" ({@link #exitCode} reads it). */
    public static TrainingExit exited(int code, Optional<String> lastError, Optional<Log> log) {
        return failed("exit code " + code + lastError.map(l -> ": " + l).orElse(""), log);
    }

    /** The exit code a recorded reason names, if it is one {@link #exited} wrote. */
    public static OptionalInt exitCode(String reason) {
        Matcher m = Pattern.compile("^exit code (\\d+)").matcher(reason);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }
}
