package io.roro.core.platform.docker;

import io.roro.core.lineage.Lineage;
import io.roro.core.platform.ConfigVarStore;
import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.LocalSpace;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrainingRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * This machine's Docker engine: images built by the docker CLI, trainings in containers, services behind an nginx
 * router on 127.0.0.1, config vars in an owner-only file of the roro home. {@code roroHome} holds work
 * directories, fetched model versions and router configs.
 */
public final class DockerPlatform implements Platform {
    public static final String NAME = "docker";

    private final DockerCli docker;
    private final ImageBuilder builder;
    private final Path roroHome;
    private final DockerTrainings trainings;
    private final DockerServices services;
    private final DockerNotebooks notebooks;
    private final Supplier<Lineage> lineage;

    public DockerPlatform(DockerCli docker, Supplier<Lineage> lineage, Path roroHome, Map<String, String> env) {
        this.docker = docker;
        this.roroHome = roroHome;
        this.lineage = lineage;
        RuntimeImages runtimes = new RuntimeImages(docker, env);
        this.builder = new ImageBuilder(docker, runtimes, () -> lineage.get().projects(), env);
        this.trainings = new DockerTrainings(docker, () -> lineage.get().artifacts(), roroHome,
                project -> HomeConfigVars.of(roroHome, project).mask());
        this.notebooks = new DockerNotebooks(docker, () -> lineage.get().artifacts(), roroHome);
        // the router runs roro's runtime image (RuntimeImages remembers for a minute that it exists)
        this.services = new DockerServices(docker, () -> lineage.get().artifacts(), roroHome,
                () -> runtimes.ensure("python3"));
    }

    /** Opens the Docker platform; {@code docker} says where the engine is (DOCKER_HOST). */
    @Override
    public LocalSpace localSpace(boolean remove) {
        return new LocalCopies(docker, lineage, roroHome).collect(remove);
    }

    public static final class Provider implements PlatformProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "this machine's Docker engine";
        }

        /** This engine builds every image: a builder setting other than docker is for another target. */
        @Override
        public Platform open(PlatformContext context) {
            String builder = context.setting("builder").orElse("docker");
            if (builder.equals("kaniko") || builder.equals("buildkit")) {
                throw new IllegalArgumentException("--builder " + builder + " builds in the cluster: it needs"
                        + " --target kubernetes and --registry (where the Job pushes), and no --image");
            }
            if (!builder.equals("docker")) {
                throw new IllegalArgumentException("--builder is docker, kaniko or buildkit, not " + builder);
            }
            return new DockerPlatform(new DockerCli(context.environment()), context.lineage(), context.roroHome(), context.environment());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    public DockerCli docker() {
        return docker;
    }

    /** A service's backend containers on this engine, running or not (this roro home's only). */
    public List<String> backends(String project, String service) {
        return new Backends(docker, roroHome).of(project, service).stream().map(Backends.Backend::name).toList();
    }

    @Override
    public ImageBuilder builder() {
        return builder;
    }

    @Override
    public TrainingRuntime trainings() {
        return trainings;
    }

    @Override
    public NotebookRuntime notebooks() {
        return notebooks;
    }

    @Override
    public ServiceRuntime services() {
        return services;
    }

    @Override
    public ConfigVarStore configVars(String project) {
        return HomeConfigVars.of(roroHome, project);
    }
}
