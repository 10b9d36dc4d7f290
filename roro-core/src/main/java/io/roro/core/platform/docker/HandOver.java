package io.roro.core.platform.docker;

import io.roro.core.spec.Names;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What follows a switch of the live file on the engine: the new backends kept, the old ones drained and gone. */
final class HandOver {
    private final DockerCli docker;

    HandOver(DockerCli docker) {
        this.docker = docker;
    }

    /**
     * How many of a project's images stay on the engine besides those its containers use: the builds a redeploy
     * of a recent tree finds ready. Each deploy after a code change makes an image; kept, they fill the disk and
     * slow the legacy builder, whose cache lookup goes through every image (~190 -> ~290 ms a build at ~400).
     */
    static final int IMAGES_KEPT = 5;

    /** {@link #inBackground(List, List, Optional)} without collecting images. */
    void inBackground(List<String> started, List<String> previous) {
        inBackground(started, previous, Optional.empty());
    }

    /**
     * What follows a switch, without holding up the caller, in a detached process: the new backends get Docker's
     * restart policy (from now on a crash or an engine restart brings them back; while they started, an exit had to
     * fail the health check at once), and the old ones stop once nginx's old workers are done with them,
     * gracefully (as a rolling update drains old pods), a second later. Then, for {@code project}, its images
     * beyond the newest {@link #IMAGES_KEPT} are removed, with all their tags, where no container uses them (the
     * engine refuses to remove one that a container, running or stopped, uses: in another roro home too).
     */
    void inBackground(List<String> started, List<String> previous, Optional<String> project) {
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
        // by image ID, not tag: a build whose content an older image already has is that image under a new tag,
        // listed with the old image's creation time; removing the tag would leave the build lineage just recorded
        // without its image ("No such image" at the next serve), while an ID in use is refused by the engine
        project.filter(p -> Names.NAME.matcher(p).matches()).ifPresent(p -> steps.add(executable
                + " image ls --filter reference=roro/" + p + " --format '{{.CreatedAt}}\t{{.ID}}'"
                + " | sort -r | awk -F '\t' '!seen[$2]++' | tail -n +" + (IMAGES_KEPT + 1) + " | cut -f2 | xargs -r "
                + executable + " rmi >/dev/null 2>&1"));
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
