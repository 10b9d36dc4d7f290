package io.jenkins.plugins.roro;

import hudson.model.Run;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.LineageGraph;
import io.roro.core.lineage.LineageSvg;
import io.roro.core.lineage.Secrets;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.RunAction2;

/**
 * What roro did in a build (deploys, trainings, published versions, services switched): a summary on the build
 * page, and a "Lineage" page that draws what the build used and produced, read from lineage by the controller.
 * Entries keep lineage references (the CLI's {@code roro lineage WHAT} syntax), so the drawing is always current.
 */
public class RoroBuildAction implements RunAction2 {
    private final List<String> entries = new ArrayList<>();
    /** Lineage references of what the build produced; null in builds recorded before references existed. */
    private Set<String> references = new LinkedHashSet<>();
    private transient Run<?, ?> run;

    /** Adds an entry (and what it refers to in lineage) to the build's action, creating it on first use. */
    static void record(Run<?, ?> run, String entry, String... lineageReferences) throws IOException {
        RoroBuildAction action = run.getAction(RoroBuildAction.class);
        if (action == null) {
            action = new RoroBuildAction();
            run.addAction(action);
        }
        synchronized (action) {
            action.entries.add(entry);
            if (action.references == null) {
                action.references = new LinkedHashSet<>();
            }
            Collections.addAll(action.references, lineageReferences);
        }
        run.save();
    }

    public synchronized List<String> getEntries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
    }

    public synchronized List<String> getReferences() {
        return references == null ? List.of() : List.copyOf(references);
    }

    /**
     * The lineage around everything the build produced, drawn as SVG (text escaped by {@link LineageSvg}), or a
     * plain message when there is nothing to draw or lineage cannot be read.
     */
    public Graph getGraph() {
        List<String> refs = getReferences();
        if (refs.isEmpty()) {
            return new Graph(null, "This build recorded nothing in lineage.");
        }
        try {
            Lineage lineage = ControllerLineage.get();
            List<LineageGraph> graphs = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (String ref : refs) {
                try {
                    graphs.add(lineage.queries().around(ref));
                } catch (RuntimeException e) {
                    missing.add(ref + " (" + e.getMessage() + ")");
                }
            }
            String note = missing.isEmpty() ? null : "Not in lineage any more: " + String.join(", ", missing);
            return graphs.isEmpty() ? new Graph(null, note) : new Graph(LineageSvg.render(LineageGraph.merge(graphs)),
                    note);
        } catch (RuntimeException e) {
            return new Graph(null, "Lineage is not available: " + Secrets.maskPassword(String.valueOf(e.getMessage())));
        }
    }

    /** What the Lineage page shows: the drawing (SVG markup) and/or a note. */
    public static final class Graph {
        private final String svg;
        private final String note;

        Graph(String svg, String note) {
            this.svg = svg;
            this.note = note;
        }

        public String getSvg() {
            return svg;
        }

        public String getNote() {
            return note;
        }
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public String getIconFileName() {
        return "clipboard.png";
    }

    @Override
    public String getDisplayName() {
        return "Lineage";
    }

    @Override
    public String getUrlName() {
        return "roro-lineage";
    }
}
