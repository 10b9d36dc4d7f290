package io.roro.core.train;

import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.Dataset;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageException;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.ModelVersion;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.Platform;
import io.roro.core.spec.BuiltinProfiles;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ResourceProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * `roro notebook`: Jupyter in the project image with the inputs a training of the project would get, resolved as
 * for trainings (a dataset by NAME is the project's only model's), checked before the image is built.
 */
public final class NotebookOperation {
    private final Platform platform;
    private final Lineage lineage;

    public NotebookOperation(Platform platform, Lineage lineage) {
        this.platform = platform;
        this.lineage = lineage;
    }

    /** What a notebook starts with; refused, saying why, for an unknown profile, dataset or version. */
    public record Inputs(ResourceProfile profile, Optional<Dataset> dataset, Optional<ModelVersion> version) {
    }

    public Inputs resolve(ProjectSpec spec, Optional<String> profile, Optional<String> dataset,
            Optional<String> version) {
        String profileName = profile.orElse(BuiltinProfiles.DEFAULT);
        if (!spec.profiles().containsKey(profileName)) {
            throw new TrainingException("no profile '" + profileName + "'; profiles: "
                    + String.join(", ", spec.profiles().keySet()));
        }
        Optional<String> onlyModel = spec.models().size() == 1 ? Optional.of(spec.models().get(0).name())
                : Optional.empty();
        Optional<Dataset> data = dataset.map(d -> TrainingRecords.dataset(lineage, onlyModel,
                "roro.yml's only model (" + spec.project() + " has " + spec.models().size() + ")", d));
        Optional<ModelVersion> model = version.map(v -> {
            LineageIds.split(v, "model version");
            try {
                return lineage.models().withFiles(v);
            } catch (LineageException e) {
                throw new TrainingException(e.getMessage(), e);
            }
        });
        return new Inputs(spec.profile(profileName), data, model);
    }

    /**
     * Starts the server (on {@code port}, 0 for a free one) with a new token and returns once it answers.
     *
     * @param build the project image, built only after the inputs were found
     */
    public NotebookRuntime.Session start(ProjectSpec spec, Path directory, Inputs inputs, Supplier<BuildVersion> build,
            int port, Consumer<String> log) {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return platform.notebooks().start(new NotebookRuntime.Launch(spec.project(), directory, inputs.profile(),
                inputs.dataset(), inputs.version(), build.get(), port != 0 ? port : freePort(),
                HexFormat.of().formatHex(secret)), log);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
