package io.roro.cli;

import io.roro.core.spec.ProjectSpec;
import io.roro.core.platform.kubernetes.AgentPodTemplate;
import io.roro.core.platform.kubernetes.RoroImages;
import io.roro.core.spec.ResourceProfile;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "k8s", mixinStandardHelpOptions = true, description = "Print what Kubernetes and its Jenkins plugin need from roro.yml.",
        subcommands = K8sCommand.PodTemplate.class)
final class K8sCommand {

    @Command(name = "pod-template", mixinStandardHelpOptions = true, description = {
        "Print a resource profile of roro.yml as a kubernetes-plugin agent pod.",
        "A jnlp container (roro-agent, with the roro CLI) and a 'roro' container with the profile's resources, GPUs,",
        "node selector and tolerations: for podTemplate(yaml: ...) or the templates of a JCasC cloud."})
    static final class PodTemplate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ProjectOption project;
        @Parameters(paramLabel = "PROFILE", description = "A profile of roro.yml, or a built-in rorodata size (default, S1, C2, Z16, ...).")
        String profile;
        @Option(names = "--registry", description = "Where scripts/build-images.sh pushed roro's images"
                + " (default: $RORO_REGISTRY); the default images are REGISTRY/roro-NAME:VERSION.")
        String registry;
        @Option(names = "--image", description = "Image of the 'roro' container (default: REGISTRY/roro-runtime-gpu"
                + ":VERSION for a profile with GPUs, else REGISTRY/roro-runtime-python:VERSION).")
        String image;
        @Option(names = "--jnlp-image", description = "Image of the jnlp container, which runs the roro steps"
                + " (default: REGISTRY/roro-agent:VERSION: jenkins/inbound-agent with the roro CLI).")
        String jnlpImage;

        @Override
        public Integer call() {
            ProjectSpec projectSpec = project.spec(spec);
            if (!projectSpec.profiles().containsKey(profile)) {
                throw new ParameterException(spec.commandLine(), "no profile '" + profile + "'; profiles: "
                        + String.join(", ", projectSpec.profiles().keySet()));
            }
            ResourceProfile chosen = projectSpec.profile(profile);
            Optional<String> pushedTo = Optional.ofNullable(registry);
            String runtime = image != null ? image : RoroImages.reference(chosen.gpu() > 0 ? RoroImages.RUNTIME_GPU
                    : RoroImages.RUNTIME_PYTHON, pushedTo);
            String jnlp = jnlpImage != null ? jnlpImage : RoroImages.reference(RoroImages.AGENT, pushedTo);
            spec.commandLine().getOut().print(AgentPodTemplate.yaml(chosen, runtime, jnlp));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
