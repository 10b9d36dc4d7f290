package io.roro.cli;

import picocli.CommandLine;

/** Entry point of the {@code roro} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(RoroCommand.commandLine(args).execute(args));
    }
}
