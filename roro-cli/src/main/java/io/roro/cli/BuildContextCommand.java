package io.roro.cli;

import io.roro.core.build.ImageRecipe;
import io.roro.core.spec.ProjectSpec;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "build-context", mixinStandardHelpOptions = true, description = {
    "Stage the project's image build context into a directory, for a builder without Docker.",
    "The context gets roro's Dockerfile (.roro.Dockerfile); the Kaniko Job of the Kubernetes target runs this.",
    "Prints the content hash."})
final class BuildContextCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Where to stage the context (made if missing).")
    Path to;
    @Option(names = "--runtime-image", required = true, description = "roro's runtime image as the builder pulls it.")
    String runtimeImage;

    @Override
    public Integer call() {
        ProjectSpec projectSpec = project.spec(spec);
        // no Docker engine is needed: the runtime image is given, nothing is built here
        ImageRecipe recipe = new ImageRecipe(alias -> {
            throw new IllegalStateException("--runtime-image names the runtime");
        }, LineageAccess.environment());
        String hash = recipe.stageContext(projectSpec, project.directory(), runtimeImage, to);
        if (json.enabled) {
            json.print(spec, Map.of("hash", hash, "context", to.toString()));
        } else {
            spec.commandLine().getOut().println(hash);
        }
        return 0;
    }
}
