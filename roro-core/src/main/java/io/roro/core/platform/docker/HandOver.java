package io.roro.core.platform.docker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** What follows a switch of the live file on the engine: the new backends kept, the old ones drained and gone. */
final class HandOver {
    private final DockerCli docker;

    HandOver(DockerCli docker) {
        this.docker = docker;
    }

    /**
     * What follows a switch, without holding up the caller, in a detached process: the new backends get Docker's
     * restart policy (from now on a crash or an engine restart brings them back; while they started, an exit had to
     * fail the health check at once), and the old ones stop once nginx's old workers are done with them,
     * gracefully (as a rolling update drains old pods), a second later.
     */
    void inBackground(List<String> started, List<String> previous) {
        String executable = docker.executable();
        // a second first: the engine is not kept busy while the caller answers, and nginx's old workers finish
        List<String> steps = new ArrayList<>(List.of("sleep 1"));
        if (!started.isEmpty()) {
            steps.add(executable + " update --restart unless-stopped " + String.join(" ", safe(started))
                    + " >/dev/null");
        }
        if (!previous.isEmpty()) {
            steps.add(executable + " stop -t 20 " + String.join(" ", safe(previous)));
            steps.add(executable + " rm -f " + String.join(" ", safe(previous)));
        }
        if (steps.size() == 1) {
            return;
        }
        try {
            docker.process(List.of("sh", "-c", String.join("; ", steps))).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            started.forEach(name -> docker.run(List.of("update", "--restart", "unless-stopped", name), 30));
            stopGracefully(previous);
        }
    }

    /** Container names as roro makes them; anything else never reaches a shell. */
    private static List<String> safe(List<String> containers) {
        return containers.stream().filter(n -> n.matches("[A-Za-z0-9_.-]+")).toList();
    }

    /** SIGTERM first: gunicorn finishes the requests it has before it exits. */
    void stopGracefully(List<String> containers) {
        for (String name : containers) {
            docker.run(List.of("stop", "-t", "20", name), 60);
            docker.run(List.of("rm", "-f", name), 60);
        }
    }

}
