package io.roro.cli;

import picocli.CommandLine;

/** Entry point of the {@code roro} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        LargeTransfer.standalone();
        CommandLine cli = RoroCommand.commandLine(args);
        int exit = cli.execute(args);
        // picocli's writers buffer what a command prints without a line end (a report, a drawing): System.exit
        // does not flush them
        cli.getOut().flush();
        cli.getErr().flush();
        System.exit(exit);
    }
}
