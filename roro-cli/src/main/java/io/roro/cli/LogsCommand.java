package io.roro.cli;

import io.roro.core.runtime.DockerCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "logs", mixinStandardHelpOptions = true, description = "The log of a service's backends.")
final class LogsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ProjectOption project;
    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", defaultValue = "default")
    String service;
    @Option(names = {"-f", "--follow"})
    boolean follow;
    @Option(names = "--tail", defaultValue = "100")
    int tail;

    @Mixin
    KubernetesOptions kubernetes;

    @Override
    public Integer call() {
        String name = project.spec(spec).project();
        if (kubernetes.targetsKubernetes(spec)) {
            if (follow) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--follow is for the Docker"
                        + " target; on a cluster: kubectl logs -f -l roro.io/project=" + name + ",roro.io/service="
                        + service + " -c server -n " + kubernetes.namespace);
            }
            try (var client = kubernetes.client()) {
                List<String> logs = new io.roro.core.runtime.kubernetes.KubernetesDeployer(client, kubernetes.namespace)
                        .serviceLogs(name, service, tail);
                if (logs.isEmpty()) {
                    spec.commandLine().getErr().println("roro: no pods for service " + service + " of " + name
                            + " in namespace " + kubernetes.namespace);
                    return 1;
                }
                logs.forEach(log -> spec.commandLine().getOut().print(log.endsWith("\n") ? log : log + "\n"));
                return 0;
            }
        }
        DockerCli docker = new DockerCli();
        List<String> containers = new io.roro.core.serve.Backends(docker, LineageAccess.home()).of(name, service)
                .stream().filter(io.roro.core.serve.Backends.Backend::running)
                .map(io.roro.core.serve.Backends.Backend::name).toList();
        if (containers.isEmpty()) {
            spec.commandLine().getErr().println("roro: no running containers for service " + service + " of " + name);
            return 1;
        }
        for (String container : containers) {
            List<String> args = new ArrayList<>(List.of("logs", "--tail", Integer.toString(tail)));
            if (follow) {
                args.add("-f");
            }
            args.add(container);
            docker.stream(args, spec.commandLine().getOut()::println);
        }
        return 0;
    }
}
