package io.roro.core.platform.docker;

import io.roro.core.build.BuildContext;
import io.roro.core.build.PipIndexes;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.lineage.BuildVersion;
import io.roro.core.lineage.GitInfo;
import io.roro.core.lineage.ProjectStore;
import io.roro.core.lineage.Origin;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.spec.Names;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The project image: runtime + requirements + code (or the project's own Dockerfile), built with the docker CLI,
 * tagged {@code roro/PROJECT:COMMIT-CONTENTHASH}, recorded as a build version. An unchanged tree reuses its image.
 */
public final class ImageBuilder implements ProjectBuilder {
    private static final long BUILD_TIMEOUT_SECONDS = 3600;
    private final DockerCli docker;
    private final RuntimeImages runtimes;
    private final java.util.function.Supplier<ProjectStore> store;
    private final java.util.Map<String, String> env;

    /**
     * @param store asked for only when a build is recorded: a build can start before lineage is open
     * @param env   the environment roro runs in (its pip settings reach the build's pip install)
     */
    public ImageBuilder(DockerCli docker, RuntimeImages runtimes, java.util.function.Supplier<ProjectStore> store,
            java.util.Map<String, String> env) {
        this.docker = docker;
        this.runtimes = runtimes;
        this.store = store;
        this.env = java.util.Map.copyOf(env);
    }

    /**
     * What docker (or Kaniko) builds: the Dockerfile and the files roro adds to the project's; {@code localBase}
     * when its base image is roro's runtime built on this engine (nothing to pull, so no credentials to pass).
     */
    private record Plan(String dockerfile, List<BuildContext.ExtraFile> extras, boolean localBase) {
    }

    /** @param runtimeImage where roro's runtime image is, when not built here (a cluster's registry) */
    private Plan plan(ProjectSpec spec, Path projectDir, Optional<String> runtimeImage) {
        List<BuildContext.ExtraFile> extras = new ArrayList<>();
        if (spec.build().dockerfile().isPresent()) {
            return new Plan(readDockerfile(projectDir, spec.build().dockerfile().get()), extras, false);
        }
        if (Names.RUNTIME_ALIASES.contains(spec.runtime())) {
            return new Plan(dockerfile(spec.project(), runtimeImage.orElseGet(() -> runtimes.ensure(spec.runtime())),
                    requirements(projectDir, spec), indexes(spec, projectDir), false), extras, runtimeImage.isEmpty());
        }
        extras.addAll(io.roro.core.build.RuntimeToolkit.python());
        return new Plan(dockerfile(spec.project(), spec.runtime(), requirements(projectDir, spec),
                indexes(spec, projectDir), true), extras, false);
    }

    /**
     * Stages the build context into {@code target} with roro's Dockerfile as {@code .roro.Dockerfile}, for a builder
     * that runs elsewhere (a Kaniko Job). Returns the content hash, the same one that names images built here.
     */
    public String stageContext(ProjectSpec spec, Path projectDir, String runtimeImage, Path target) {
        Plan plan = plan(spec, projectDir, Optional.of(runtimeImage));
        return BuildContext.stageInto(projectDir, plan.dockerfile(), plan.extras(), target).hash();
    }

    /** An image built here, not yet recorded in lineage. */
    public record BuiltImage(String project, String tag, String image, String imageId, Optional<GitInfo> git) {
    }

    /** The content hash a build of the project on {@code runtimeImage} would have (what names its tag). */
    public String contentHash(ProjectSpec spec, Path projectDir, String runtimeImage) {
        Plan plan = plan(spec, projectDir, Optional.of(runtimeImage));
        try (BuildContext context = BuildContext.stage(projectDir, plan.dockerfile(), plan.extras())) {
            return context.hash();
        }
    }

    @Override
    public BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
        return record(buildImage(spec, projectDir, log), origin);
    }

    /**
     * Builds the image with docker alone (no lineage needed, so a deploy starts it first): an unchanged tree is
     * a fully cached build that yields the same image ID.
     */
    public BuiltImage buildImage(ProjectSpec spec, Path projectDir, Consumer<String> log) {
        return buildImage(spec, projectDir, java.util.concurrent.CompletableFuture.supplyAsync(
                () -> GitInfo.of(projectDir), io.roro.core.Futures.background()), log);
    }

    /** @param gitState the project's git state, asked for as early as possible (git runs while roro stages) */
    public BuiltImage buildImage(ProjectSpec spec, Path projectDir,
            java.util.concurrent.CompletableFuture<Optional<GitInfo>> gitState, Consumer<String> log) {
        Plan plan = plan(spec, projectDir, Optional.empty());
        try (BuildContext context = BuildContext.stage(projectDir, plan.dockerfile(), plan.extras())) {
            Optional<GitInfo> git = gitState.join();
            String tag = tag(git, context.hash());
            String image = "roro/" + spec.project() + ":" + tag;
            log.accept("building " + image);
            // no --label here: the legacy builder adds a step (~130 ms) for it on every build; the generated
            // Dockerfile labels the project in a cached step, and lineage has the commit
            Optional<String> onEngine = plan.localBase() && !Files.exists(projectDir.resolve(".dockerignore"))
                    ? docker.engine().flatMap(engine -> EngineBuild.build(engine, context.directory(),
                            context.dockerfile().getFileName().toString(), image, BUILD_TIMEOUT_SECONDS))
                    : Optional.empty();
            // the host's network: pip reaches the index the project names (the engine may have no bridge)
            String built = onEngine.isPresent() ? onEngine.get() : buildWithCli(context, image);
            // `build -q` prints the image ID; ask docker only if this engine printed something else
            String imageId = built.matches("sha256:[0-9a-f]{64}") ? built
                    : docker.check(List.of("image", "inspect", "-f", "{{.Id}}", image)).trim();
            return new BuiltImage(spec.project(), tag, image, imageId, git);
        }
    }

    private String buildWithCli(BuildContext context, String image) {
        CommandResult built = docker.run(List.of("build", "-q", "--network", "host", "-f",
                context.dockerfile().toString(), "-t", image, context.directory().toString()), BUILD_TIMEOUT_SECONDS);
        if (!built.ok()) {
            throw new DockerException(BuildFailure.message((built.stdout() + "\n" + built.stderr()).lines().toList()));
        }
        return built.stdout().trim();
    }

    /**
     * Starts building now, git asked first, without lineage (a deploy starts its build before it opens lineage);
     * {@link #recording} turns the started build into the deploy's {@link ProjectBuilder}.
     */
    public java.util.concurrent.CompletableFuture<BuiltImage> start(ProjectSpec spec, Path projectDir,
            Consumer<String> log) {
        var gitState = java.util.concurrent.CompletableFuture.supplyAsync(() -> GitInfo.of(projectDir),
                io.roro.core.Futures.background());
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> buildImage(spec, projectDir, gitState, log),
                io.roro.core.Futures.background());
    }

    @Override
    public ProjectBuilder startedEarly(ProjectSpec spec, Path projectDir, Consumer<String> log) {
        return recording(start(spec, projectDir, log));
    }

    /** Waits for a started build (its failure rethrown as it was thrown) and records it in this builder's lineage. */
    public ProjectBuilder recording(java.util.concurrent.CompletableFuture<BuiltImage> started) {
        return new ProjectBuilder() {
            @Override
            public BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
                return record(io.roro.core.Futures.join(started), origin);
            }

            @Override
            public Recording buildRecordedBeside(ProjectSpec spec, Path projectDir, Origin origin,
                    Consumer<String> log) {
                return recordBeside(io.roro.core.Futures.join(started), origin);
            }
        };
    }

    /**
     * {@link #record}, with a new build's writes (its number in the project's series, the record) left to run
     * beside what follows: only the lookup that tells a new build from a recorded one is waited for. Should the
     * tag be recorded meanwhile for another image (the same tree built elsewhere at this moment), the writing
     * fails and what waits for it does not record anything on this build.
     */
    public Recording recordBeside(BuiltImage built, Origin origin) {
        BuildVersion expected = version(built, built.tag(), built.image(), origin);
        Optional<BuildVersion> recorded = store.get().buildVersion(expected.id());
        if (recorded.isPresent()) { // an unchanged tree: its record, or (another image) a build of its own
            return new Recording(recorded.get().imageId().equals(built.imageId()) ? recorded.get()
                    : record(built, origin), java.util.concurrent.CompletableFuture.completedFuture(null));
        }
        return new Recording(expected, java.util.concurrent.CompletableFuture.runAsync(
                () -> store.get().recordBuild(expected), io.roro.core.Futures.background()));
    }

    /**
     * The build version of an image: the one recorded for its tag (an unchanged tree), else a new record. The same
     * tree built again into another image (its cache was pruned, or another machine built it for a shared lineage
     * database) is a build of its own, tagged with its image ID as well, so a build version always names one image.
     */
    public BuildVersion record(BuiltImage built, Origin origin) {
        BuildVersion recorded = store.get().recordBuildIfNew(version(built, built.tag(), built.image(), origin));
        if (recorded.imageId().equals(built.imageId())) {
            return recorded;
        }
        String tag = built.tag() + "-" + built.imageId().replace("sha256:", "").substring(0, 12);
        String image = "roro/" + built.project() + ":" + tag;
        docker.check(List.of("tag", built.image(), image));
        return store.get().recordBuild(version(built, tag, image, origin));
    }

    private static BuildVersion version(BuiltImage built, String tag, String image, Origin origin) {
        return new BuildVersion(built.project(), tag, image, built.imageId(), built.git(),
                built.git().isPresent() && !built.git().get().dirty() ? "git" : "local", Instant.now(), origin);
    }

    /** A build's tag: the commit it came from and the content built, so equal trees get equal tags. */
    public static String tag(Optional<GitInfo> git, String contentHash) {
        return git.map(g -> g.shortCommit().substring(0, Math.min(8, g.shortCommit().length()))).orElse("local")
                + "-" + contentHash.substring(0, 12);
    }

    /**
     * Pushes a build's image to a registry the cluster pulls from ({@code registry.example.com/team}) and returns
     * the reference to use there: {@code REGISTRY/PROJECT:TAG}. Credentials come from docker's own login.
     */
    public String push(BuildVersion build, String registry) {
        String target = registry.replaceAll("/+$", "") + "/" + build.project() + ":" + build.tag();
        docker.check(List.of("tag", build.image(), target));
        docker.check(List.of("push", target));
        return target;
    }

    /** The project's requirements file when it has one (it is optional). */
    private static java.util.Optional<String> requirements(Path projectDir, ProjectSpec spec) {
        String file = spec.build().requirements();
        return Files.isRegularFile(projectDir.resolve(file)) ? java.util.Optional.of(file) : java.util.Optional.empty();
    }

    /** The indexes pip installs the requirements from; looked for only when there are requirements to install. */
    private PipIndexes indexes(ProjectSpec spec, Path projectDir) {
        return requirements(projectDir, spec).isPresent() ? PipIndexes.of(spec.build(), env) : PipIndexes.none();
    }

    /** The generated Dockerfile: runtime, code as the unprivileged user, requirements the runtime lacks. */
    static String dockerfile(String project, String base, java.util.Optional<String> requirements,
            PipIndexes indexes, boolean addToolkit) {
        StringBuilder d = new StringBuilder("FROM ").append(base).append('\n');
        d.append("LABEL io.roro.project=").append(project).append('\n'); // a valid name: no quoting needed
        d.append("USER root\n");
        if (addToolkit) {
            d.append("COPY .roro/roro_runtime /opt/roro/roro_runtime\n");
            d.append("ENV PYTHONPATH=/opt/roro PYTHONUNBUFFERED=1 RORO_APP_DIR=/app RORO_MODEL_DIR=/model"
                    + " RORO_OUTPUT_DIR=/output RORO_DATA_DIR=/data\n");
            d.append("RUN mkdir -p /app /model /output /data\n");
        }
        // requirements first: their layer stays cached while only code changes (the usual case of a redeploy)
        // the indexes are part of the step: another index is another install (checked URLs: no quote, no space)
        requirements.ifPresent(r -> d.append("COPY ").append(r).append(" /tmp/roro-requirements.txt\n")
                .append("RUN ").append(indexes.shellAssignments()).append("python3 -m roro_runtime.requirements"
                        + " /tmp/roro-requirements.txt\n"));
        if (addToolkit) {
            d.append("COPY . /app/\n");
            d.append("RUN rm -rf /app/.roro && chmod -R a+rX /app\n");
            d.append("WORKDIR /app\n");
            return d.toString();
        }
        // roro's runtime: everything before the code is cached, and the code is the one step a redeploy runs (the
        // staged files are already readable by the user roro, see BuildContext)
        d.append("USER roro\n");
        d.append("WORKDIR /app\n");
        d.append("COPY . /app/\n");
        return d.toString();
    }

    private static String readDockerfile(Path projectDir, String dockerfile) {
        try {
            return Files.readString(projectDir.resolve(dockerfile));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + dockerfile + ": " + e.getMessage(), e);
        }
    }
}
