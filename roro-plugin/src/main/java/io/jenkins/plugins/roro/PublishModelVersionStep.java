package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import java.util.ArrayList;
import io.roro.core.contract.ModelVersion;
import io.roro.core.train.Params;
import java.util.List;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code publishModelVersion}: publish the files of a workspace directory as an immutable model version (checked
 * against the model's file rules, sha256-stored). Returns the version's id, e.g. {@code credit-model:v8}.
 */
public class PublishModelVersionStep extends ProjectStep {
    private final String model;
    private final String path;
    private String version;
    private String dataset;
    private String training;
    private String pretrained;
    private List<String> details = new ArrayList<>();

    @DataBoundConstructor
    public PublishModelVersionStep(String model, String path) {
        this.model = model;
        this.path = path;
    }

    public String getModel() {
        return model;
    }

    public String getPath() {
        return path;
    }

    public String getVersion() {
        return version;
    }

    @DataBoundSetter
    public void setVersion(String version) {
        this.version = Util.fixEmptyAndTrim(version);
    }

    public String getDataset() {
        return dataset;
    }

    @DataBoundSetter
    public void setDataset(String dataset) {
        this.dataset = Util.fixEmptyAndTrim(dataset);
    }

    public String getTraining() {
        return training;
    }

    @DataBoundSetter
    public void setTraining(String training) {
        this.training = Util.fixEmptyAndTrim(training);
    }

    public String getPretrained() {
        return pretrained;
    }

    @DataBoundSetter
    public void setPretrained(String pretrained) {
        this.pretrained = Util.fixEmptyAndTrim(pretrained);
    }

    /**
     * What is stored with the version, as {@code NAME=VALUE} strings ({@code withEnv}'s form, which the generated
     * steps reference can describe): numbers and booleans typed as in {@code roro train --param}.
     */
    public List<String> getDetails() {
        return List.copyOf(details);
    }

    @DataBoundSetter
    public void setDetails(List<String> details) {
        List<String> given = details == null ? List.of() : List.copyOf(details);
        Params.parse(given); // a malformed entry is refused here, naming it
        this.details = new ArrayList<>(given);
    }

    /** The snippet generator's form for {@code details}: one {@code name=value} per line (getter null, as params). */
    public String getDetailLines() {
        return null;
    }

    @DataBoundSetter
    public void setDetailLines(String lines) {
        List<String> given = Params.lines(Util.fixNull(lines));
        if (!given.isEmpty()) {
            setDetails(given);
        }
    }

    List<String> arguments() throws Exception {
        List<String> args = new ArrayList<>(List.of("publish", "--model", model, "--path", path, "--project", getDir()));
        if (version != null) {
            args.addAll(List.of("--version", version));
        }
        if (dataset != null) {
            args.addAll(List.of("--dataset", dataset));
        }
        if (training != null) {
            args.addAll(List.of("--training", training));
        }
        if (pretrained != null) {
            args.addAll(List.of("--pretrained", pretrained));
        }
        if (!details.isEmpty()) {
            args.addAll(List.of("--details", RoroCli.mapper().writeValueAsString(Params.parse(details))));
        }
        return args;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<String> {
        private static final long serialVersionUID = 1L;
        private final transient PublishModelVersionStep step;

        Execution(PublishModelVersionStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        protected String run() throws Exception {
            String id = RoroCli.run(getContext(), step.arguments()).as(ModelVersion.class).id();
            RoroBuildAction.record(getContext().get(Run.class), "published " + id, id);
            return id;
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "publishModelVersion";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Publish a directory as a model version";
        }
    }
}
