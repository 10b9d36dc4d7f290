package io.roro.cli;

import io.roro.core.platform.NotebookRuntime;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.train.NotebookOperation;
import io.roro.core.train.TrainingException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code roro notebook}: Jupyter in the project image on a profile, until Ctrl-C or {@code roro notebook stop}. */
@Command(name = "notebook", subcommands = NotebookCommand.Stop.class, description = {
    "Open Jupyter Notebook in the project image, with a profile's resources, until Ctrl-C.",
    "The project directory is mounted, so notebooks saved there stay (and can become a task's notebook: as they",
    "are); the dataset is at RORO_DATA_DIR and a model version at RORO_MODEL_DIR as in trainings and services.",
    "It listens on 127.0.0.1 only; the printed URL carries its token. roro notebook stop ends it from elsewhere."})
final class NotebookCommand implements Callable<Integer> {
    // not mixinStandardHelpOptions: --version is the model version's here, and picocli then left out --help too
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;
    @Spec
    CommandSpec spec;
    @Mixin
    JsonOption json;
    @Mixin
    ProjectOption project;
    @Mixin
    BuildOptions target;
    @Mixin
    InputsOptions inputs;
    @Option(names = "--port", defaultValue = "0", description = "Port on 127.0.0.1 (default: a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        ProjectSpec declared = project.spec(spec);
        try (ProjectSession session = ProjectSession.open(spec, project, json, target)) {
            NotebookOperation notebooks = new NotebookOperation(session.platform, session.lineage());
            NotebookOperation.Inputs inputs;
            try {
                inputs = notebooks.resolve(declared, Optional.ofNullable(this.inputs.profile),
                        Optional.ofNullable(this.inputs.dataset), Optional.ofNullable(this.inputs.version));
            } catch (TrainingException | IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            NotebookRuntime runtime = session.platform.notebooks();
            NotebookRuntime.Session started = notebooks.start(declared, session.directory, inputs, session::build,
                    port, session.log);
            Thread stopper = new Thread(() -> runtime.stop(declared.project()), "roro-notebook-stop");
            Runtime.getRuntime().addShutdownHook(stopper); // Ctrl-C ends the server too
            if (json.enabled) {
                json.print(spec, Map.of("url", started.url(), "container", started.container()));
            } else {
                spec.commandLine().getOut().println("roro notebook: " + started.url());
                spec.commandLine().getOut().println("(Ctrl-C or roro notebook stop ends it)");
            }
            spec.commandLine().getOut().flush();
            while (runtime.running(started)) {
                Thread.sleep(1000);
            }
            Runtime.getRuntime().removeShutdownHook(stopper);
            session.log.accept("notebook " + started.container() + " ended");
        }
        return 0;
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the project's notebook servers.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        JsonOption json;
        @Mixin
        ProjectOption project;
        @Mixin
        TargetOptions target;

        @Override
        public Integer call() {
            String name = project.spec(spec).project();
            try (LazyLineage lineage = new LazyLineage(); var platform = target.open(spec, lineage)) {
                int stopped = platform.notebooks().stop(name);
                if (json.enabled) {
                    json.print(spec, Map.of("project", name, "stopped", stopped));
                } else {
                    spec.commandLine().getOut().println("stopped " + stopped + " notebook server"
                            + (stopped == 1 ? "" : "s") + " of " + name);
                }
            }
            return 0;
        }
    }
}
