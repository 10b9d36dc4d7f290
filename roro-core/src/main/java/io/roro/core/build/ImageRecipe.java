package io.roro.core.build;

import io.roro.core.contract.GitInfo;
import io.roro.core.spec.Names;
import io.roro.core.spec.ProjectSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What any builder builds from a project (the Docker engine here, Kaniko or BuildKit in a cluster): the Dockerfile
 * roro generates or the project's own, the files roro adds, the staged context, its content hash and the tag that
 * follows from it. Builders differ in where they build, never in what: equal trees get equal tags everywhere.
 */
public final class ImageRecipe {
    private final Function<String, String> localRuntime;
    private final Map<String, String> env;

    /**
     * @param localRuntime the base image of a runtime alias ({@code python3}) on this machine, made when missing;
     *                     asked only when no runtime image is given
     * @param env          the environment roro runs in (its pip settings reach the build's pip install)
     */
    public ImageRecipe(Function<String, String> localRuntime, Map<String, String> env) {
        this.localRuntime = localRuntime;
        this.env = Map.copyOf(env);
    }

    /**
     * What is built: the Dockerfile and the files roro adds to the project's; {@code localBase} when its base image
     * is roro's runtime made on this machine (nothing to pull, so no credentials to pass).
     */
    public record Plan(String dockerfile, List<BuildContext.ExtraFile> extras, boolean localBase) {
        public Plan {
            extras = List.copyOf(extras);
        }
    }

    /** @param runtimeImage where roro's runtime image is, when not made here (a cluster's registry) */
    public Plan plan(ProjectSpec spec, Path projectDir, Optional<String> runtimeImage) {
        if (spec.build().dockerfile().isPresent()) {
            return new Plan(readDockerfile(projectDir, spec.build().dockerfile().get()), List.of(), false);
        }
        if (Names.RUNTIME_ALIASES.contains(spec.runtime())) {
            return new Plan(dockerfile(spec.project(), runtimeImage.orElseGet(() -> localRuntime.apply(
                    spec.runtime())), requirements(projectDir, spec), indexes(spec, projectDir), false), List.of(),
                    runtimeImage.isEmpty());
        }
        return new Plan(dockerfile(spec.project(), spec.runtime(), requirements(projectDir, spec),
                indexes(spec, projectDir), true), RuntimeToolkit.python(), false);
    }

    /**
     * Stages the build context into {@code target} with roro's Dockerfile as {@code .roro.Dockerfile}, for a builder
     * that runs elsewhere (a Job in a cluster). Returns the content hash, the same one that names images built here.
     */
    public String stageContext(ProjectSpec spec, Path projectDir, String runtimeImage, Path target) {
        Plan plan = plan(spec, projectDir, Optional.of(runtimeImage));
        return BuildContext.stageInto(projectDir, plan.dockerfile(), plan.extras(), target).hash();
    }

    /** The content hash a build of the project on {@code runtimeImage} would have (what names its tag). */
    public String contentHash(ProjectSpec spec, Path projectDir, String runtimeImage) {
        Plan plan = plan(spec, projectDir, Optional.of(runtimeImage));
        try (BuildContext context = BuildContext.stage(projectDir, plan.dockerfile(), plan.extras())) {
            return context.hash();
        }
    }

    /** A build's tag: the commit it came from and the content built, so equal trees get equal tags. */
    public static String tag(Optional<GitInfo> git, String contentHash) {
        return git.map(g -> g.shortCommit().substring(0, Math.min(8, g.shortCommit().length()))).orElse("local")
                + "-" + contentHash.substring(0, 12);
    }

    /** The project's requirements file when it has one (it is optional). */
    private static Optional<String> requirements(Path projectDir, ProjectSpec spec) {
        String file = spec.build().requirements();
        return Files.isRegularFile(projectDir.resolve(file)) ? Optional.of(file) : Optional.empty();
    }

    /** The indexes pip installs the requirements from; looked for only when there are requirements to install. */
    private PipIndexes indexes(ProjectSpec spec, Path projectDir) {
        return requirements(projectDir, spec).isPresent() ? PipIndexes.of(spec.build(), env) : PipIndexes.none();
    }

    /** The generated Dockerfile: runtime, code as the unprivileged user, requirements the runtime lacks. */
    static String dockerfile(String project, String base, Optional<String> requirements, PipIndexes indexes,
            boolean addToolkit) {
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
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dockerfile + ": " + e.getMessage(), e);
        }
    }
}
