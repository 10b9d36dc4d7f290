package io.roro.core.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.lineage.Lineage;
import io.roro.core.contract.ModelVersion;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.publish.PublishRequest;
import io.roro.core.spec.ProjectSpecReader;
import io.roro.core.spec.ServeGate;
import io.roro.core.spec.SpecException;
import io.roro.core.testing.LineageFixtures;
import io.roro.core.testing.TestMongo;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A task's serve: if keeps a worse model from going live by itself; checked against what lineage says is live. */
class ServeGatesTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();

    @TempDir
    Path dir;
    private final Lineage lineage = MONGO.lineage();

    private ModelVersion publish(double r2) throws Exception {
        return ModelPublisher.of(lineage).publish(PublishRequest.of("credit-model",
                LineageFixtures.modelDir(dir, "out" + r2, Map.of("model.pkl", "w")), LineageFixtures.ORIGIN)
                .withMetrics(Map.of("r2", r2)));
    }

    private void live(ModelVersion v) {
        lineage.deployments().record(new DeploymentChange("credit-risk", "default", DeploymentEventType.DEPLOYED,
                DeploymentState.RUNNING, Optional.of(v.id()), Optional.empty(), 1, "small", "docker",
                Optional.of("http://127.0.0.1:9000/"), Optional.empty(), LineageFixtures.ORIGIN));
    }

    @Test
    void aVersionWorseThanTheLiveOneIsNotServedAndABetterOneIs() throws Exception {
        LineageFixtures.model(lineage, "credit-model");
        ServeGate gate = ServeGate.parse("metrics.r2 >= live");
        ModelVersion first = publish(0.80);
        assertThat(ServeGates.decide(lineage, "credit-risk", "default", first.id(), gate).serve())
                .as("nothing live: served").isTrue();
        live(first);
        ModelVersion worse = publish(0.71);
        ServeGate.Decision refused = ServeGates.decide(lineage, "credit-risk", "default", worse.id(), gate);
        assertThat(refused.serve()).isFalse();
        assertThat(refused.reason()).isEqualTo(worse.id() + "'s r2 0.71 does not meet >= live " + first.id()
                + "'s 0.8");
        assertThat(ServeGates.decide(lineage, "credit-risk", "default", publish(0.85).id(), gate).serve()).isTrue();
        assertThat(ServeGates.decide(lineage, "credit-risk", "default", worse.id(),
                ServeGate.parse("metrics.r2 > 0.7")).serve()).isTrue();
        assertThat(ServeGates.decide(lineage, "credit-risk", "default", worse.id(),
                ServeGate.parse("metrics.auc > 0.7")).reason()).contains("has no metric auc");
    }

    @Test
    void roroYmlTakesServeWithAConditionAndSaysWhatIsWrongWithOne() throws Exception {
        var spec = ProjectSpecReader.parse("project: p\nservices:\n  - {name: default, function: predict.predict,"
                + " model: m}\ntasks:\n  - name: t\n    command: x\n    model: m\n"
                + "    serve: {service: default, if: \"metrics.r2 >= live\"}\nmodels: [m]\n", "roro.yml");
        assertThat(spec.task("t").orElseThrow().serve()).contains("default");
        assertThat(spec.task("t").orElseThrow().serveIf()).map(Object::toString).contains("metrics.r2 >= live");
        assertThatThrownBy(() -> ProjectSpecReader.parse("project: p\nservices:\n  - {name: default, function:"
                + " predict.predict, model: m}\ntasks:\n  - name: t\n    command: x\n    model: m\n"
                + "    serve: {service: default, if: \"r2 is better\"}\nmodels: [m]\n", "roro.yml"))
                .isInstanceOf(SpecException.class).hasMessageContaining("tasks[0].serve.if")
                .hasMessageContaining("metrics.r2 >= live");
    }
}
