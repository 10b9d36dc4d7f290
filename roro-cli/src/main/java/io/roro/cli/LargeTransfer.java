package io.roro.cli;

import io.roro.cli.invocation.Invocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Hands a command that moves many bytes to a JVM with the full JIT. The launcher starts every short command with the
 * client JIT only (C1: a small publish starts in 0.43 s instead of 0.50), but only C2 hashes SHA-256 with the CPU's
 * SHA instructions (a GB in 1.5 s instead of 12): a publish or fetch of more than {@link #DEFAULT_FROM_MB} MB runs
 * again, whole, in a JVM without the client-only flag, before it has done anything, and its exit code is this one's.
 */
final class LargeTransfer {
    /** Where the second JVM's start (~0.4 s) costs less than hashing at C1's speed (~85 MB/s against ~650). */
    static final long DEFAULT_FROM_MB = 64;
    static final String FROM_MB_VARIABLE = "RORO_FULL_JIT_FROM_MB";
    private static final String CLIENT_ONLY = "-XX:TieredStopAtLevel=1";
    private static final Logger LOG = Logger.getLogger(LargeTransfer.class.getName());
    /** Whether this JVM runs one command (not the resident roro, not a test): only then its command line is it. */
    private static volatile boolean standalone;

    private LargeTransfer() {
    }

    /** Called by {@link Main} only: this JVM runs one command, which may run again in another JVM. */
    static void standalone() {
        standalone = true;
    }

    /** The bytes of the regular files under {@code directory} (0 when it cannot be read: the command says why). */
    static long bytesUnder(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(LargeTransfer::size).sum();
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.FINE, "cannot measure " + directory + " before moving it", e);
            return 0;
        }
    }

    /**
     * Runs this command again in a full-JIT JVM when it moves at least the threshold's bytes and this JVM has the
     * client JIT only; the second JVM's exit code, or empty to go on here.
     */
    static OptionalInt handOver(long bytes) {
        ProcessHandle.Info process = ProcessHandle.current().info();
        List<String> arguments = arguments(process);
        if (!standalone || !arguments.contains(CLIENT_ONLY) || process.command().isEmpty()
                || bytes < thresholdBytes()) {
            return OptionalInt.empty();
        }
        List<String> command = childCommand(process.command().get(), arguments);
        try {
            Process child = new ProcessBuilder(command).directory(Invocation.current().workingDirectory().toFile())
                    .inheritIO().start();
            LOG.info(() -> "moving " + (bytes >> 20) + " MB in a JVM with the full JIT (pid " + child.pid() + ")");
            // this JVM ended by a signal ends the one doing its work too
            Thread stopChild = new Thread(child::destroy, "roro-stop-full-jit");
            Runtime.getRuntime().addShutdownHook(stopChild);
            int exit = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(stopChild);
            return OptionalInt.of(exit);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot start a full-JIT JVM; moving the files here", e);
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the files were moved", e);
        }
    }

    /** This JVM's command line (java, its options, the jar or class and the command) without the client-only flag. */
    static List<String> childCommand(String java, List<String> arguments) {
        return Stream.concat(Stream.of(java), arguments.stream().filter(a -> !a.equals(CLIENT_ONLY))).toList();
    }

    /**
     * This JVM's arguments: from /proc where there is one (ProcessHandle reads only its first page, and a long class
     * path is more), else as ProcessHandle has them.
     */
    private static List<String> arguments(ProcessHandle.Info process) {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                // each argument ends with a NUL (an empty argument too): the piece after the last one is none
                List<String> all = List.of(new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8)
                        .split("\0", -1));
                return all.subList(1, all.size() - 1);
            } catch (IOException e) {
                LOG.log(Level.FINE, "cannot read " + cmdline, e);
            }
        }
        return List.of(process.arguments().orElse(new String[0]));
    }

    private static long thresholdBytes() {
        String value = Invocation.current().environment().get(FROM_MB_VARIABLE);
        try {
            return (value == null || value.isBlank() ? DEFAULT_FROM_MB : Long.parseLong(value.trim())) << 20;
        } catch (NumberFormatException e) {
            LOG.log(Level.WARNING, FROM_MB_VARIABLE + "=" + value + " is not a number of MB; using "
                    + DEFAULT_FROM_MB, e);
            return DEFAULT_FROM_MB << 20;
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
