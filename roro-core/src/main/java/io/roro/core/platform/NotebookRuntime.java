package io.roro.core.platform;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.contract.ModelVersion;
import io.roro.core.spec.ResourceProfile;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Jupyter in the project image on a target: the project directory mounted so that what is saved stays, the
 * dataset and a model version where production code finds them, the profile's resources, bound to this machine.
 */
public interface NotebookRuntime {
    /**
     * Where a notebook in roro's runtime image finds its files: the dataset and model version it was opened with;
     * what it writes goes where the user can write, not into the image's /output.
     */
    RuntimeEnvironment.Paths PATHS = new RuntimeEnvironment.Paths("/app", "/model", "/tmp/output", "/data");

    /**
     * @param directory the project directory, mounted at the image's app directory (edits are kept)
     * @param port      where it listens on 127.0.0.1
     * @param token     the token its URL carries
     */
    record Launch(String project, Path directory, ResourceProfile profile, Optional<Dataset> dataset,
            Optional<ModelVersion> version, BuildVersion build, int port, String token) {
    }

    /** A notebook server of a project that runs now. */
    record Session(String project, String container, String url) {
    }

    /** Starts one and returns once it answers. */
    Session start(Launch launch, Consumer<String> log);

    /** Whether the session still runs. */
    boolean running(Session session);

    /** The project's notebook servers that run now. */
    List<Session> sessions(String project);

    /** Stops every notebook server of the project; returns how many. */
    int stop(String project);
}
