package io.roro.cli;

import io.roro.core.lineage.Lineage;

/**
 * Stands in for a long attached command (an hour-long `roro train`): opens lineage the way every command does,
 * reads and writes it now and then for {@code args[0]} seconds, then closes it. Run in a JVM of its own.
 */
public final class HoldLineage {
    private HoldLineage() {
    }

    public static void main(String[] args) throws Exception {
        long until = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000_000L;
        try (Lineage lineage = LineageAccess.open()) {
            System.out.println("holding lineage");
            System.out.flush();
            while (System.nanoTime() < until) {
                lineage.projects().nextDeployNumber("held"); // a write, as progress reports are
                lineage.models().models();
                Thread.sleep(200);
            }
        }
        System.out.println("done");
    }
}
