package io.roro.core.platform.docker;

import io.roro.core.lineage.GitWorkTree;
import io.roro.core.Futures;
import io.roro.core.build.BuildContext;
import io.roro.core.build.BuilderProvider;
import io.roro.core.build.ImageRecipe;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.build.PushingBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.GitInfo;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.store.ProjectStore;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The project image: runtime + requirements + code (or the project's own Dockerfile), built with the docker CLI,
 * tagged {@code roro/PROJECT:COMMIT-CONTENTHASH}, recorded as a build version. An unchanged tree reuses its image.
 */
public final class ImageBuilder implements PushingBuilder {
    private static final long BUILD_TIMEOUT_SECONDS = 3600;
    private final DockerCli docker;
    private final ImageRecipe recipe;
    private final Supplier<ProjectStore> store;

    /**
     * @param store asked for only when a build is recorded: a build can start before lineage is open
     * @param env   the environment roro runs in (its pip settings reach the build's pip install)
     */
    public ImageBuilder(DockerCli docker, RuntimeImages runtimes, Supplier<ProjectStore> store,
            Map<String, String> env) {
        this.docker = docker;
        this.recipe = new ImageRecipe(runtimes::ensure, env);
        this.store = store;
    }

    /** The recipe every builder follows; Kaniko's and BuildKit's stage the same context. */
    public ImageRecipe recipe() {
        return recipe;
    }

    /** An image built here, not yet recorded in lineage. */
    public record BuiltImage(String project, String tag, String image, String imageId, Optional<GitInfo> git) {
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
        return buildImage(spec, projectDir, CompletableFuture.supplyAsync(
                () -> GitWorkTree.state(projectDir), Futures.background()), log);
    }

    /** @param gitState the project's git state, asked for as early as possible (git runs while roro stages) */
    public BuiltImage buildImage(ProjectSpec spec, Path projectDir,
            CompletableFuture<Optional<GitInfo>> gitState, Consumer<String> log) {
        ImageRecipe.Plan plan = recipe.plan(spec, projectDir, Optional.empty());
        try (BuildContext context = BuildContext.stage(projectDir, plan.dockerfile(), plan.extras())) {
            Optional<GitInfo> git = gitState.join();
            String tag = ImageRecipe.tag(git, context.hash());
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
        // --force-rm: the legacy builder keeps a failed step's container otherwise (BuildKit keeps none)
        CommandResult built = docker.run(List.of("build", "-q", "--force-rm", "--network", "host", "-f",
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
    public CompletableFuture<BuiltImage> start(ProjectSpec spec, Path projectDir,
            Consumer<String> log) {
        var gitState = CompletableFuture.supplyAsync(() -> GitWorkTree.state(projectDir),
                Futures.background());
        return CompletableFuture.supplyAsync(() -> buildImage(spec, projectDir, gitState, log),
                Futures.background());
    }

    @Override
    public ProjectBuilder startedEarly(ProjectSpec spec, Path projectDir, Consumer<String> log) {
        return recording(start(spec, projectDir, log));
    }

    /** Waits for a started build (its failure rethrown as it was thrown) and records it in this builder's lineage. */
    public ProjectBuilder recording(CompletableFuture<BuiltImage> started) {
        return new ProjectBuilder() {
            @Override
            public BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
                return record(Futures.join(started), origin);
            }

            @Override
            public Recording buildRecordedBeside(ProjectSpec spec, Path projectDir, Origin origin,
                    Consumer<String> log) {
                return recordBeside(Futures.join(started), origin);
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
                    : record(built, origin), CompletableFuture.completedFuture(null));
        }
        return new Recording(expected, CompletableFuture.runAsync(
                () -> store.get().recordBuild(expected), Futures.background()));
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

    /**
     * Pushes a build's image to a registry the cluster pulls from ({@code registry.example.com/team}) and returns
     * the reference to use there: {@code REGISTRY/PROJECT:TAG}. Credentials come from docker's own login.
     */
    @Override
    public String push(BuildVersion build, String registry) {
        String target = registry.replaceAll("/+$", "") + "/" + build.project() + ":" + build.tag();
        docker.check(List.of("tag", build.image(), target));
        docker.check(List.of("push", target));
        return target;
    }

    /** This machine's Docker engine as the builder of a target that runs elsewhere (a cluster it pushes to). */
    public static final class Provider implements BuilderProvider {
        @Override
        public String name() {
            return "docker";
        }

        @Override
        public PushingBuilder open(Map<String, String> env,
                Supplier<ProjectStore> store) {
            DockerCli docker = new DockerCli(env);
            return new ImageBuilder(docker, new RuntimeImages(docker, env), store, env);
        }
    }
}
