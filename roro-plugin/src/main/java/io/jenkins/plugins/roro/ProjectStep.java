package io.jenkins.plugins.roro;

import hudson.Util;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.kohsuke.stapler.DataBoundSetter;

/** A roro step works on one project: {@code dir} is its directory in the workspace (default: the workspace). */
abstract class ProjectStep extends Step {
    private String dir = ".";

    public String getDir() {
        return dir;
    }

    @DataBoundSetter
    public void setDir(String dir) {
        this.dir = Util.fixEmptyAndTrim(dir) == null ? "." : dir.trim();
    }
}
