package io.roro.core.spec;

import java.util.Optional;

/**
 * How the project image is built. Without a Dockerfile the image is the runtime base plus requirements plus code.
 *
 * @param dockerfile   the project's own Dockerfile, relative to the project directory
 * @param requirements pip requirements file, relative to the project directory
 */
public record BuildSpec(Optional<String> dockerfile, String requirements) {
    public static final String DEFAULT_REQUIREMENTS = "requirements.txt";

    public static BuildSpec defaults() {
        return new BuildSpec(Optional.empty(), DEFAULT_REQUIREMENTS);
    }
}
