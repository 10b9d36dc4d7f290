package io.roro.core.deploy;

import io.roro.core.build.ImageBuilder;
import io.roro.core.build.RuntimeImages;
import io.roro.core.lineage.Lineage;
import io.roro.core.runtime.DockerCli;
import io.roro.core.serve.ServeOperation;
import io.roro.core.train.TrainOperation;
import java.nio.file.Path;
import java.util.Map;

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
        return new TrainOperation(docker, lineage, roroHome.resolve("work"));
    }

    public ServeOperation serving() {
        return new ServeOperation(docker, lineage, roroHome, runtimes.ensure("python3"));
    }

    public DeployOperation deploying() {
        ServeOperation serving = serving();
        return new DeployOperation(lineage, builder(), (spec, service, version, build, origin, log) ->
                java.util.Optional.of(serving.serve(new io.roro.core.serve.ServeRequest(spec, service, version,
                        java.util.Optional.empty(), build, java.util.Optional.empty(), origin), log)));
    }
}
