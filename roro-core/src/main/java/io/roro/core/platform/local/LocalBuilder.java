package io.roro.core.platform.local;

import io.roro.core.lineage.GitWorkTree;
import io.roro.core.TemporaryDirectory;
import io.roro.core.build.BuildContext;
import io.roro.core.build.ImageRecipe;
import io.roro.core.build.PipIndexes;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.build.RuntimeToolkit;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.GitInfo;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.store.ProjectStore;
import io.roro.core.platform.PlatformException;
import io.roro.core.spec.ProjectSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The local target's "image": a directory of this roro home with the project's files as staged for any build
 * ({@code app/}), roro's runtime ({@code runtime/roro_runtime}) and a Python environment made for the project
 * ({@code venv/}: this machine's Python with its packages, plus the project's requirements installed from the
 * indexes pip is given). Named like an image by the commit and the content hash, so an unchanged tree is not built
 * again; a build is made beside its place and moved there whole, so a half-made one is never used.
 */
final class LocalBuilder implements ProjectBuilder {
    private final LocalSettings settings;
    private final Supplier<ProjectStore> store;

    LocalBuilder(LocalSettings settings, Supplier<ProjectStore> store) {
        this.settings = settings;
        this.store = store;
    }

    @Override
    public BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
        refuseWhatNeedsAnImage(spec);
        Optional<String> requirements = requirements(spec, projectDir);
        PipIndexes indexes = requirements.isPresent() ? PipIndexes.of(spec.build(), settings.environment())
                : PipIndexes.none();
        // what the hash covers besides the files: the interpreter, the requirements and where they come from
        String recipe = "# roro local build\npython " + settings.python() + "\nrequirements "
                + requirements.orElse("-") + "\nindexes " + indexes.variables() + "\n";
        Optional<GitInfo> git = GitWorkTree.state(projectDir);
        try (BuildContext context = BuildContext.stage(projectDir, recipe, RuntimeToolkit.python())) {
            String tag = ImageRecipe.tag(git, context.hash());
            Path place = settings.builds().resolve(spec.project()).resolve(tag);
            if (!Files.isRegularFile(place.resolve(LocalSettings.COMPLETE))) {
                log.accept("building " + spec.project() + ":" + tag + " (a Python environment in " + place + ")");
                make(context, place, requirements, indexes);
            }
            BuildVersion built = new BuildVersion(spec.project(), tag, place.toString(), "local:" + context.hash(),
                    git, git.isPresent() && !git.get().dirty() ? "git" : "local", Instant.now(), origin);
            BuildVersion recorded = store.get().recordBuildIfNew(built);
            if (!recorded.imageId().equals(built.imageId())) {
                throw new PlatformException("build " + recorded.id() + " is recorded for another target's image ("
                        + recorded.image() + "): build " + spec.project() + " on that target, or change a file");
            }
            return recorded;
        }
    }

    private static void refuseWhatNeedsAnImage(ProjectSpec spec) {
        if (spec.build().dockerfile().isPresent()) {
            throw new PlatformException("roro.yml's build: {dockerfile: " + spec.build().dockerfile().get()
                    + "} needs an image: the local target runs Python processes; use --target docker");
        }
        if (!spec.runtime().equals("python3") && !spec.runtime().equals("python3-keras")) {
            throw new PlatformException("runtime " + spec.runtime() + " needs an image (or a GPU): the local target"
                    + " runs this machine's Python (runtime: python3); use --target docker or kubernetes");
        }
    }

    private static Optional<String> requirements(ProjectSpec spec, Path projectDir) {
        String file = spec.build().requirements();
        return Files.isRegularFile(projectDir.resolve(file)) ? Optional.of(file) : Optional.empty();
    }

    /** Makes the build beside {@code place} and moves it there; a build made meanwhile by another is kept. */
    private void make(BuildContext context, Path place, Optional<String> requirements, PipIndexes indexes) {
        Path making = place.resolveSibling("." + place.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(making);
            Path app = making.resolve("app");
            copy(context.directory(), app);
            Files.deleteIfExists(app.resolve(".roro.Dockerfile"));
            Path runtime = Files.createDirectories(making.resolve("runtime"));
            Files.move(app.resolve(".roro").resolve("roro_runtime"), runtime.resolve("roro_runtime"));
            delete(app.resolve(".roro"));
            // the machine's packages (scikit-learn, gunicorn, httptools as Debian has them) plus the project's own
            LocalBuild build = new LocalBuild(making);
            run(List.of(settings.python(), "-m", "venv", "--system-site-packages", build.venv().toString()),
                    making, settings.processEnvironment(), "making the Python environment");
            if (requirements.isPresent()) {
                Map<String, String> env = build.environment(settings);
                env.putAll(indexes.variables());
                run(List.of(build.python(), "-m", "roro_runtime.requirements", app.resolve(requirements.get())
                        .toString()), app, env, "installing " + requirements.get());
            }
            Files.writeString(making.resolve(LocalSettings.COMPLETE), Instant.now() + "\n");
            try {
                Files.move(making, place, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(place.resolve(LocalSettings.COMPLETE))) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the build in " + place + ": " + e.getMessage(), e);
        } finally {
            delete(making);
        }
    }

    /** Runs a step of the build; its output is the error when it fails (pip's resolver says what is missing). */
    private static void run(List<String> command, Path directory, Map<String, String> env, String what)
            throws IOException {
        Path log = Files.createTempFile("roro-local-build-", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().clear();
            builder.environment().putAll(env);
            int code = builder.start().waitFor();
            if (code != 0) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                throw new PlatformException(what + " failed (exit code " + code + "):\n" + String.join("\n",
                        lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException(what + " was interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void delete(Path path) {
        TemporaryDirectory.delete(path);
    }
}
