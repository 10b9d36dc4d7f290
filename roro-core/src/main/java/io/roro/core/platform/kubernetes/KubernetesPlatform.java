package io.roro.core.platform.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.roro.core.build.BuilderProvider;
import io.roro.core.build.ImageRecipe;
import io.roro.core.build.ProjectBuilder;
import io.roro.core.build.PushingBuilder;
import io.roro.core.contract.BuildVersion;
import io.roro.core.platform.ConfigVarStore;
import io.roro.core.platform.NotebookRuntime;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.PlatformSetting;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrainingRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A Kubernetes cluster (the one kubeconfig or the pod's service account points at, as kubectl would use it):
 * images built here with Docker and pushed to a registry the cluster pulls from, or built in the cluster by a
 * Kaniko Job; trainings as Jobs, services as Deployments, config vars as the Secret {@code roro-config-PROJECT}.
 */
public final class KubernetesPlatform implements Platform {
    public static final String NAME = "kubernetes";

    private final KubernetesClient client;
    private final KubernetesSettings settings;
    private final ProjectBuilder builder;
    private final boolean imageKnown;
    private final KubernetesTrainings trainings;
    private final KubernetesServices services;
    private final KubernetesNotebooks notebooks;
    private final Map<String, String> images = new ConcurrentHashMap<>();

    /**
     * @param settings the cluster's settings; see {@link Provider} for the names
     */
    KubernetesPlatform(KubernetesClient client, KubernetesSettings settings, PlatformContext context) {
        this.client = client;
        this.settings = settings;
        KubernetesDeployer deployer = new KubernetesDeployer(client, settings.namespace(),
                context.seconds("clusterPollInterval", 2));
        Optional<String> image = context.setting("image");
        Optional<String> registry = context.setting("registry");
        Optional<ClusterBuilder> inCluster = ClusterBuilder.named(builder(context));
        boolean kaniko = inCluster.isPresent(); // built and pushed by a Job in the cluster
        this.imageKnown = image.isPresent() || registry.isPresent();
        // this machine's builder (the Docker engine) builds and pushes the image unless a Job in the cluster does
        Optional<PushingBuilder> local = kaniko ? Optional.empty() : Optional.of(BuilderProvider.named(
                builder(context)).open(context.environment(), () -> context.lineage().get().projects()));
        // a cluster build always names the runtime image it builds on: nothing of this machine is asked for
        ImageRecipe recipe = new ImageRecipe(alias -> {
            throw new IllegalStateException("a cluster build names its runtime image");
        }, context.environment());
        this.builder = kaniko ? new KanikoImageBuilder(deployer, settings, recipe,
                () -> context.lineage().get().projects(), KanikoImageBuilder.Target.of(registry.orElseThrow(),
                        context.setting("registrySecret").orElse("roro-registry"), context.setting("runtimeImage"),
                        inCluster.get(), context.setting("builderImage")),
                context.seconds("buildTimeout", 1800), Duration.ofSeconds(3)) : local.orElseThrow();
        // the reference the cluster pulls: --image as given, a cluster build as pushed, or the build pushed here,
        // once per build however many services and trainings run it
        Function<BuildVersion, String> imageFor = build -> image.orElseGet(() -> kaniko
                ? build.image() : images.computeIfAbsent(build.id(), id -> local.orElseThrow().push(build,
                        registry.orElseThrow())));
        this.trainings = new KubernetesTrainings(deployer, settings, imageFor, context.seconds("pollInterval", 5));
        Duration rolloutTimeout = context.seconds("rolloutTimeout", 300);
        this.notebooks = new KubernetesNotebooks(client, settings, imageFor, context.seconds("notebookTimeout", 600));
        this.services = new KubernetesServices(deployer, settings, imageFor, rolloutTimeout,
                new KubernetesCanaries(client, deployer, settings.namespace(), rolloutTimeout));
    }

    /** {@code builder} as chosen for this command, else {@code defaultBuilder} (the environment's), else docker. */
    private static String builder(PlatformContext context) {
        return context.setting("builder").or(() -> context.setting("defaultBuilder")).orElse("docker");
    }

    /**
     * Opens the cluster. Settings: {@code namespace} (default "default"), {@code registry} (push the project image
     * there) or {@code image} (one already pushed), {@code builder} docker|kaniko|buildkit ({@code builderImage} the
     * latter's image, a mirror), {@code registrySecret},
     * {@code runtimeImage}, {@code buildTimeout} and {@code rolloutTimeout} (seconds), {@code agentImage}.
     */
    public static final class Provider implements PlatformProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "the cluster kubeconfig points at";
        }

        @Override
        public List<PlatformSetting> settings() {
            return KubernetesOptions.ALL;
        }

        @Override
        public Platform open(PlatformContext context) {
            String builder = builder(context);
            Optional<String> registry = context.setting("registry");
            Optional<String> image = context.setting("image");
            boolean here = BuilderProvider.all().stream().anyMatch(p -> p.name().equals(builder));
            if (!here && ClusterBuilder.named(builder).isEmpty()) {
                throw new IllegalArgumentException("--builder is " + String.join(", ", builderNames()) + ", not "
                        + builder);
            }
            if (!here && (registry.isEmpty() || image.isPresent())) {
                throw new IllegalArgumentException("--builder " + builder + " builds in the cluster: it needs"
                        + " --target kubernetes and --registry (where the Job pushes), and no --image");
            }
            return of(client(context), context);
        }

        /** The builders of this machine and those that build in the cluster. */
        private static List<String> builderNames() {
            List<String> names = new ArrayList<>(BuilderProvider.all().stream()
                    .map(BuilderProvider::name).toList());
            Arrays.stream(ClusterBuilder.values()).map(ClusterBuilder::setting).forEach(names::add);
            return names;
        }

        /** A quick client (status questions) gives up after seconds, where a rollout waits. */
        private static KubernetesClient client(PlatformContext context) {
            Config config = KubeConfigs.of(context.environment());
            if (!context.quick()) {
                return new KubernetesClientBuilder().withConfig(config).build();
            }
            config.setConnectionTimeout(2_000);
            config.setRequestTimeout(5_000);
            config.setRequestRetryBackoffLimit(0);
            return new KubernetesClientBuilder().withConfig(config).build();
        }
    }

    /** The platform over a given client (tests use fabric8's mock server). */
    public static KubernetesPlatform of(KubernetesClient client, PlatformContext context) {
        KubernetesSettings defaults = KubernetesSettings.defaults(context.setting("namespace").orElse("default"),
                context.setting("registry"));
        return new KubernetesPlatform(client, new KubernetesSettings(defaults.namespace(),
                context.setting("agentImage").orElse(defaults.agentImage()), defaults.lineageSecret(),
                defaults.serviceType()), context);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Refused before anything is built or recorded when the cluster could not pull what would be built. */
    @Override
    public ProjectBuilder builder() {
        if (!imageKnown) {
            throw new IllegalArgumentException("--target kubernetes needs --registry (where to push the project"
                    + " image) or --image (an image already pushed)");
        }
        return builder;
    }

    @Override
    public TrainingRuntime trainings() {
        return trainings;
    }

    @Override
    public ServiceRuntime services() {
        return services;
    }

    @Override
    public NotebookRuntime notebooks() {
        return notebooks;
    }

    @Override
    public ConfigVarStore configVars(String project) {
        return new KubernetesConfigVars(client, settings.namespace(), project);
    }

    @Override
    public void close() {
        client.close();
    }
}
