package io.roro.cli;

import io.roro.core.lineage.Lineage;
import io.roro.core.train.TrainOperation;
import io.roro.core.ui.UiServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code roro ui}: the registry and lineage in a browser, like a local dev server; Ctrl-C stops it. */
@Command(name = "ui", mixinStandardHelpOptions = true, description = {
    "Serve the model registry and lineage as web pages and a JSON API until Ctrl-C.",
    "Projects with their live services and timelines, models with their versions (metrics as columns, a chart),",
    "version pages, comparisons, lineage graphs and trainings (a running one's log live from --target), over the",
    "same store as the other commands.",
    "Open the printed URL: it carries a token that works once (the browser keeps a session), without which nothing",
    "is shown; scripts use the printed API token."})
final class UiCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @CommandLine.Mixin
    JsonOption json;
    @Option(names = "--port", defaultValue = "0", description = "Port to listen on (default: a free one).")
    int port;
    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default:"
            + " ${DEFAULT-VALUE}: this machine only; anything else needs --plain-http).")
    String bind;
    @Option(names = "--plain-http", description = "Accept listening beyond this machine over plain HTTP: the token"
            + " and every page cross the network unencrypted (prefer an SSH tunnel, or TLS in front).")
    boolean plainHttp;
    @CommandLine.Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        InetAddress address = InetAddress.getByName(bind);
        if (!address.isLoopbackAddress() && !plainHttp) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind " + bind + " listens beyond"
                    + " this machine over plain HTTP: anyone on the way reads the token and the pages. Keep 127.0.0.1"
                    + " and reach it through an SSH tunnel (ssh -L PORT:127.0.0.1:PORT HOST), put TLS in front, or add"
                    + " --plain-http to accept it");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        try (Lineage lineage = LineageAccess.open(); var platform = target.open(spec, () -> lineage);
                // a running training's page shows its output as the platform running it has it now, masked
                UiServer ui = UiServer.start(lineage, new InetSocketAddress(address, port),
                        new TrainOperation(platform, lineage)::liveLog)) {
            Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "roro-ui-stop"));
            if (json.enabled) {
                json.print(spec, Map.of("url", ui.url(), "port", ui.port(), "api_token", ui.apiToken()));
            } else {
                spec.commandLine().getOut().println("roro ui: " + ui.url());
                spec.commandLine().getOut().println("(the link works once; scripts: Authorization: Bearer "
                        + ui.apiToken() + "; Ctrl-C stops it)");
            }
            if (ui.exposed()) {
                spec.commandLine().getErr().println("roro ui: listening on " + bind + " over plain HTTP (--plain-http):"
                        + " the token and every page cross the network unencrypted");
            }
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
