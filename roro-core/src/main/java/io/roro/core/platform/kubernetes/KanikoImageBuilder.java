package io.roro.core.platform.kubernetes;

import io.roro.core.lineage.GitWorkTree;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.roro.core.build.BuildException;
import io.roro.core.build.ImageRecipe;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.contract.GitInfo;
import io.roro.core.contract.LineageIds;
import io.roro.core.contract.Origin;
import io.roro.core.lineage.store.ProjectStore;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds the project image inside the cluster (no Docker engine needed where roro runs): a Kaniko Job builds the
 * committed tree from the project's git remote and pushes {@code REGISTRY/PROJECT:TAG}, with the same tag rule and
 * the same build context as local builds. A pushed tag already recorded is reused; a failed or timed-out Job records
 * nothing and reports Kubernetes' reason with the end of the build log.
 */
public final class KanikoImageBuilder implements ProjectBuilder {
    private static final int LOG_TAIL_LINES = 30;

    private final KubernetesDeployer deployer;
    private final KubernetesSettings settings;
    private final ImageRecipe contexts;
    private final Supplier<ProjectStore> store;
    private final Target target;
    private final Duration timeout;
    private final Duration pollInterval;

    /**
     * Where the image goes and what it builds on.
     *
     * @param registry       e.g. {@code registry.example.com/ml}
     * @param registrySecret docker-registry Secret with push rights, mounted as Kaniko's config.json
     * @param runtimeImage   roro's runtime image as the cluster pulls it
     */
    public record Target(String registry, String registrySecret, String runtimeImage, ClusterBuilder tool,
            Optional<String> toolImage) {
        public Target {
            registry = registry.replaceAll("/+$", "");
        }

        /** Without a runtime image given: roro's, pushed once to the same registry as REGISTRY/roro-runtime-python. */
        public static Target of(String registry, String registrySecret, Optional<String> runtimeImage) {
            return of(registry, registrySecret, runtimeImage, ClusterBuilder.KANIKO, Optional.empty());
        }

        /** @param toolImage the build tool's image when not its default (an air-gapped cluster's mirror) */
        public static Target of(String registry, String registrySecret, Optional<String> runtimeImage,
                ClusterBuilder tool, Optional<String> toolImage) {
            return new Target(registry, registrySecret, runtimeImage.orElse(
                    RoroImages.reference(RoroImages.RUNTIME_PYTHON, Optional.of(registry))), tool,
                    toolImage);
        }
    }

    public KanikoImageBuilder(KubernetesDeployer deployer, KubernetesSettings settings, ImageRecipe contexts,
            Supplier<ProjectStore> store, Target target, Duration timeout, Duration pollInterval) {
        this.deployer = deployer;
        this.settings = settings;
        this.contexts = contexts;
        this.store = store;
        this.target = target;
        this.timeout = timeout;
        this.pollInterval = pollInterval;
    }

    @Override
    public BuildVersion build(ProjectSpec spec, Path projectDir, Origin origin, Consumer<String> log) {
        GitInfo git = buildableCommit(projectDir);
        String tag = ImageRecipe.tag(Optional.of(git), contexts.contentHash(spec, projectDir, target.runtimeImage()));
        String destination = target.registry() + "/" + spec.project() + ":" + tag;
        Optional<BuildVersion> recorded = store.get().buildVersion(LineageIds.buildVersion(spec.project(), tag))
                .filter(b -> b.image().equals(destination));
        if (recorded.isPresent()) {
            log.accept("image " + destination + " is up to date");
            return recorded.get();
        }
        String subdirectory = GitWorkTree.pathInRepository(projectDir).orElse("");
        Job job = deployer.startJob(KanikoBuilds.job(settings, spec.project(), git.remote().orElseThrow(),
                git.commit(), subdirectory, target.runtimeImage(), destination, target.registrySecret(), target.tool(),
                target.toolImage()));
        String name = job.getMetadata().getName();
        log.accept("building " + destination + " in the cluster (job " + name + ")");
        JobState state = await(name);
        Optional<String> buildLog = deployer.jobLog(name);
        if (state.phase() != JobState.Phase.SUCCEEDED) {
            if (state.phase() == JobState.Phase.RUNNING) {
                deployer.deleteJob(name); // nothing may keep building (and pushing) after roro gave up
            }
            throw new BuildException("the image build of " + spec.project() + " (job " + name + ") "
                    + (state.phase() == JobState.Phase.RUNNING ? "did not finish within " + timeout.toSeconds()
                            + " s" : "failed: " + state.reason())
                    + buildLog.map(KanikoImageBuilder::tail).map(t -> "\n" + t).orElse(""));
        }
        String digest = deployer.terminationMessage(name, target.tool().containerName())
                .filter(d -> d.matches("sha256:[0-9a-f]{64}"))
                .orElseThrow(() -> new BuildException("the image build of " + spec.project() + " (job " + name
                        + ") succeeded but reported no image digest; does the " + target.tool().containerName()
                        + " container still write it to /dev/termination-log?"));
        return store.get().recordBuild(new BuildVersion(spec.project(), tag, destination, digest, Optional.of(git), "git",
                Instant.now(), origin));
    }

    /** The Job builds what the remote has, so the work tree must be a clean commit with a remote. */
    private static GitInfo buildableCommit(Path projectDir) {
        GitInfo git = GitWorkTree.state(projectDir).orElseThrow(() -> new BuildException(projectDir + " is not in a git"
                + " repository; the cluster builder builds a commit of the project's git remote (or use the"
                + " docker builder)"));
        if (git.dirty()) {
            throw new BuildException(projectDir + " has changes that are not committed; the cluster builder builds"
                    + " commit " + git.shortCommit() + " from the remote, so commit and push them first");
        }
        if (git.remote().isEmpty()) {
            throw new BuildException("the repository of " + projectDir + " has no remote 'origin'; the cluster"
                    + " builder clones the project from there");
        }
        return git;
    }

    private JobState await(String name) {
        Instant deadline = Instant.now().plus(timeout);
        JobState state = deployer.jobState(name);
        while (state.phase() == JobState.Phase.RUNNING && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = deployer.jobState(name);
        }
        return state;
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - LOG_TAIL_LINES),
                lines.length));
    }
}
