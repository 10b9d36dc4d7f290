package io.roro.cli;

import io.roro.core.spec.ProjectSpec;
import io.roro.core.platform.kubernetes.AgentPodTemplate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "k8s", mixinStandardHelpOptions = true, description = "Kubernetes helpers.",
        subcommands = K8sCommand.PodTemplate.class)
final class K8sCommand {

    @Command(name = "pod-template", mixinStandardHelpOptions = true, description = {
        "Print a resource profile as a kubernetes-plugin agent pod (jnlp + a 'roro' container with the profile's",
        "resources, GPUs, node selector, tolerations): for podTemplate(yaml: ...) or JCasC templates."})
    static final class PodTemplate implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ProjectOption project;
        @Parameters(paramLabel = "PROFILE")
        String profile;
        @Option(names = "--image", defaultValue = "roro/runtime-python:latest",
                description = "Image of the 'roro' container (default: ${DEFAULT-VALUE}).")
        String image;
        @Option(names = "--jnlp-image", defaultValue = AgentPodTemplate.DEFAULT_JNLP_IMAGE)
        String jnlpImage;

        @Override
        public Integer call() {
            ProjectSpec projectSpec = project.spec(spec);
            if (!projectSpec.profiles().containsKey(profile)) {
                throw new ParameterException(spec.commandLine(), "no profile '" + profile + "'; profiles: "
                        + String.join(", ", projectSpec.profiles().keySet()));
            }
            spec.commandLine().getOut().print(AgentPodTemplate.yaml(projectSpec.profile(profile), image, jnlpImage));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }
}
