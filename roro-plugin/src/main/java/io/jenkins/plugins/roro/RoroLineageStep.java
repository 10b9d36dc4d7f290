package io.jenkins.plugins.roro;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.roro.core.contract.LineageGraph;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code roroLineage}: where something came from, or (downstream) what came from it — e.g. gate a promotion on
 * the dataset a version was trained on. Returns the graph: {@code [root:, direction:, nodes: [...], edges: [...]]}.
 */
public class RoroLineageStep extends ProjectStep {
    private final String of;
    private boolean downstream;

    @DataBoundConstructor
    public RoroLineageStep(String of) {
        this.of = of;
    }

    public String getOf() {
        return of;
    }

    public boolean isDownstream() {
        return downstream;
    }

    @DataBoundSetter
    public void setDownstream(boolean downstream) {
        this.downstream = downstream;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;
        private final transient RoroLineageStep step;

        Execution(RoroLineageStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Map<String, Object> run() throws Exception {
            List<String> args = new ArrayList<>(List.of("lineage", step.of, "--project", step.getDir()));
            if (step.downstream) {
                args.add("--downstream");
            }
            // read as the record roro printed (its shape checked), handed to the Pipeline as plain maps and lists
            LineageGraph graph = RoroCli.run(getContext(), args).as(LineageGraph.class);
            return new LinkedHashMap<>(RoroCli.mapper().convertValue(graph, Map.class));
        }
    }

    @Extension
    public static final class DescriptorImpl extends RoroStepDescriptor {
        @Override
        public String getFunctionName() {
            return "roroLineage";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Lineage of a model version, deployment, dataset or build";
        }
    }
}
