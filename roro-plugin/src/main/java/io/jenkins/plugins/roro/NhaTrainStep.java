package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import io.roro.core.train.Params;
import java.util.ArrayList;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code nhaTrain}: run a task of roro.yml as a training (recorded in lineage) and publish its output as a model
 * version. Durable: the training runs detached (a container, a Kubernetes Job) and {@link NhaTrainStepExecution}
 * follows it, from lineage on the controller where it can, so a controller restart or a lost agent loses nothing.
 * Returns the training's id, e.g. {@code credit-risk:retrain-7}.
 */
public class NhaTrainStep extends ProjectStep {
    private final String task;
    private List<String> params = new ArrayList<>();
    private String dataset;
    private String profile;
    private String pretrained;
    private boolean publish = true;

    @DataBoundConstructor
    public NhaTrainStep(String task) {
        this.task = task;
    }

    public String getTask() {
        return task;
    }

    /**
     * {@code NAME=VALUE} strings, as {@code withEnv} takes them: a list of strings is what structs can describe in
     * the generated steps reference (a map it cannot), and each is exactly a {@code roro train --param}.
     */
    public List<String> getParams() {
        return List.copyOf(params);
    }

    @DataBoundSetter
    public void setParams(List<String> params) {
        List<String> given = params == null ? List.of() : List.copyOf(params);
        Params.parse(given); // refuses a malformed entry here, naming it, before anything runs
        this.params = new ArrayList<>(given);
    }

    /**
     * The snippet generator's form for {@code params}: one {@code name=value} per line. It only fills
     * {@link #setParams}; its getter answers null, so generated snippets show {@code params: [...]} alone.
     */
    public String getParamLines() {
        return null;
    }

    @DataBoundSetter
    public void setParamLines(String lines) {
        // the same NAME=VALUE rules and typing as `roro train --param` (core Params)
        List<String> given = Params.lines(Util.fixNull(lines));
        if (!given.isEmpty()) {
            setParams(given);
        }
    }

    public String getDataset() {
        return dataset;
    }

    @DataBoundSetter
    public void setDataset(String dataset) {
        this.dataset = Util.fixEmptyAndTrim(dataset);
    }

    public String getProfile() {
        return profile;
    }

    @DataBoundSetter
    public void setProfile(String profile) {
        this.profile = Util.fixEmptyAndTrim(profile);
    }

    public String getPretrained() {
        return pretrained;
    }

    @DataBoundSetter
    public void setPretrained(String pretrained) {
        this.pretrained = Util.fixEmptyAndTrim(pretrained);
    }

    public boolean isPublish() {
        return publish;
    }

    @DataBoundSetter
    public void setPublish(boolean publish) {
        this.publish = publish;
    }

    List<String> startArguments() {
        // the pipeline serves (serveModel, as the generated retrain job does): the task's serve: is not done twice
        List<String> args = new ArrayList<>(List.of("train", task, "--detach", "--no-serve", "-C", getDir()));
        params.forEach(assignment -> args.addAll(List.of("--param", assignment)));
        if (dataset != null) {
            args.addAll(List.of("--dataset", dataset));
        }
        if (profile != null) {
            args.addAll(List.of("--profile", profile));
        }
        if (pretrained != null) {
            args.addAll(List.of("--pretrained", pretrained));
        }
        if (!publish) {
            args.add("--no-publish");
        }
        return args;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new NhaTrainStepExecution(this, context);
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "nhaTrain";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Train a roro.yml task and publish the model version (durable)";
        }
    }
}
