package io.roro.core.lineage;

import io.roro.core.Futures;
import io.roro.core.contract.GitInfo;
import io.roro.core.secrets.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What git says about a project directory: the state a build or a training records. */
public final class GitWorkTree {
    private GitWorkTree() {
    }

    /** The git state of {@code directory}, or empty when it is not in a git work tree or git is missing. */
    public static Optional<GitInfo> state(Path directory) {
        // two git calls, side by side: status v2 carries the commit, the branch and whether the tree is dirty
        CompletableFuture<Optional<String>> remote = CompletableFuture
                .supplyAsync(() -> git(directory, "config", "--get", "remote.origin.url").map(Secrets::stripUserInfo),
                        Futures.background());
        Optional<String> status = git(directory, "status", "--porcelain=v2", "--branch", "--", ".");
        if (status.isEmpty()) {
            remote.cancel(false);
            return Optional.empty();
        }
        String commit = null;
        Optional<String> branch = Optional.empty();
        boolean dirty = false;
        for (String line : status.get().split("\n")) {
            if (line.startsWith("# branch.oid ")) {
                commit = line.substring("# branch.oid ".length()).trim();
            } else if (line.startsWith("# branch.head ")) {
                branch = Optional.of(line.substring("# branch.head ".length()).trim())
                        .filter(b -> !b.equals("(detached)"));
            } else if (!line.isBlank() && !line.startsWith("#")) {
                dirty = true;
            }
        }
        if (commit == null || !commit.matches("[0-9a-f]{40,64}")) {
            return Optional.empty(); // a repository without commits yet
        }
        return Optional.of(new GitInfo(commit, branch, remote.join(), dirty));
    }

    /** Where {@code directory} is inside its repository ({@code ""} at the top, else {@code "sub/dir/"}). */
    public static Optional<String> pathInRepository(Path directory) {
        return git(directory, "rev-parse", "--show-prefix");
    }

    private static Optional<String> git(Path directory, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = directory.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(out) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
