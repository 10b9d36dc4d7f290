package io.roro.core.spec;

import java.util.List;
import java.util.Optional;

/**
 * How the project image is built. Without a Dockerfile the image is the runtime base plus requirements plus code.
 *
 * @param dockerfile     the project's own Dockerfile, relative to the project directory
 * @param requirements   pip requirements file, relative to the project directory
 * @param indexUrl       the package index pip installs the requirements from (default: pip's own, PyPI)
 * @param extraIndexUrls further indexes pip may take packages from
 */
public record BuildSpec(Optional<String> dockerfile, String requirements, Optional<String> indexUrl,
        List<String> extraIndexUrls) {
    public static final String DEFAULT_REQUIREMENTS = "requirements.txt";

    public BuildSpec {
        extraIndexUrls = List.copyOf(extraIndexUrls);
    }

    public static BuildSpec defaults() {
        return new BuildSpec(Optional.empty(), DEFAULT_REQUIREMENTS, Optional.empty(), List.of());
    }
}
