package io.roro.core.deploy;

import io.roro.core.build.ImageBuilder;
import io.roro.core.build.RuntimeImages;
import io.roro.core.lineage.Lineage;
import io.roro.core.runtime.DockerCli;
import io.roro.core.serve.ServeOperation;
import io.roro.core.train.TrainOperation;
import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.DeploymentEvent;
import io.roro.core.lineage.Origin;
import io.roro.core.serve.ServeRequest;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The operations on the Docker target, wired once: image builds, trainings, serving and deploys over one lineage
 * store and one docker CLI. {@code roroHome} holds work directories, fetched model versions and router configs.
 */
public final class DockerPlatform {
    private final DockerCli docker;
    private final Lineage lineage;
    private final RuntimeImages runtimes;
    private final Path roroHome;

    public DockerPlatform(DockerCli docker, Lineage lineage, Path roroHome, Map<String, String> env) {
        this.docker = docker;
        this.lineage = lineage;
        this.roroHome = roroHome;
        this.runtimes = new RuntimeImages(docker, env);
    }

    public DockerCli docker() {
        return docker;
    }

    public ImageBuilder builder() {
        return new ImageBuilder(docker, runtimes, lineage.store());
    }

    public TrainOperation training() {
        return new TrainOperation(docker, lineage, roroHome);
    }

    public ServeOperation serving() {
        return new ServeOperation(docker, lineage, roroHome, runtimes.ensure("python3"));
    }

    public DeployOperation deploying() {
        return deploying(builder());
    }

    /** A deploy on this engine with another way to get the image (e.g. a build started before lineage opened). */
    public DeployOperation deploying(io.roro.core.build.ProjectBuilder builder) {
        return new DeployOperation(lineage, builder, new DockerServiceTarget(serving()));
    }

    /** Serving on this engine for a deploy: each service is prepared while the image builds. */
    private static final class DockerServiceTarget implements ServiceTarget {
        private final ServeOperation serving;
        private final Map<String, ServeOperation.Prepared> prepared = new java.util.concurrent.ConcurrentHashMap<>();

        DockerServiceTarget(ServeOperation serving) {
            this.serving = serving;
        }

        @Override
        public void prepare(ProjectSpec spec, String service, Optional<String> version) {
            try {
                prepared.put(service, serving.prepare(spec, service, version, Optional.empty(), Optional.empty()));
            } catch (RuntimeException e) {
                prepared.remove(service); // serve prepares again and reports what is wrong
            }
        }

        @Override
        public Optional<DeploymentEvent> serve(ProjectSpec spec, String service, Optional<String> version,
                BuildVersion build, Origin origin, Consumer<String> log) {
            ServeRequest request = new ServeRequest(spec, service, version, Optional.empty(), build,
                    Optional.empty(), origin);
            ServeOperation.Prepared ready = prepared.remove(service);
            return Optional.of(ready != null ? serving.serve(request, ready, log) : serving.serve(request, log));
        }
    }
}
