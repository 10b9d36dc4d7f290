package io.roro.cli;

import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the roro command in-process and captures what a user would see. */
record CliRun(int exitCode, String out, String err) {
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = RoroCommand.commandLine();
        // buffered as a terminal's stdout is: what a command prints without flushing is lost here as it is there
        cli.setOut(new PrintWriter(new BufferedWriter(out), true));
        cli.setErr(new PrintWriter(new BufferedWriter(err), true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
