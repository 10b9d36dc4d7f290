package io.jenkins.plugins.roro;

import hudson.model.Run;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import jenkins.model.RunAction2;

/**
 * What roro did in a build (deploys, trainings, published versions, services switched), shown on the build page
 * and kept with the build. Entries name lineage ids, so `roro lineage ID` explains any of them.
 */
public class RoroBuildAction implements RunAction2 {
    private final List<String> entries = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds an entry to the build's action, creating it on first use, and saves the build. */
    static void record(Run<?, ?> run, String entry) throws IOException {
        RoroBuildAction action = run.getAction(RoroBuildAction.class);
        if (action == null) {
            action = new RoroBuildAction();
            run.addAction(action);
        }
        synchronized (action) {
            action.entries.add(entry);
        }
        run.save();
    }

    public synchronized List<String> getEntries() {
        return Collections.unmodifiableList(new ArrayList<>(entries));
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
        return null; // a summary on the build page, not a page of its own
    }

    @Override
    public String getDisplayName() {
        return "Roro";
    }

    @Override
    public String getUrlName() {
        return "roro";
    }
}
