package io.roro.core.lineage;

import io.roro.core.contract.LineageRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The reference grammar every reader and writer of lineage references shares (CLI, steps, UI). */
class LineageRefTest {
    @Test
    void eachKindIsReadByItsPrefixAndWrittenBackTheSame() {
        for (String text : new String[] {"credit-model:v3", "deployment/credit-risk:default", "build/credit-risk:abc-1",
                "dataset/credit-model:credit-data:v2"}) {
            assertThat(LineageRef.parse(text).format()).isEqualTo(text);
        }
        LineageRef deployment = LineageRef.parse("deployment/credit-risk:default");
        assertThat(deployment.kind()).isEqualTo(LineageRef.Kind.DEPLOYMENT);
        assertThat(deployment.owner()).isEqualTo("credit-risk");
        assertThat(deployment.name()).isEqualTo("default");
        assertThat(LineageRef.deployment("credit-risk", "default")).isEqualTo("deployment/credit-risk:default");
        assertThat(LineageRef.build("credit-risk:abc-1")).isEqualTo("build/credit-risk:abc-1");
    }

    @Test
    void aShorthandIsKnownByItsKindBeforeItsIdIsComplete() {
        assertThat(LineageRef.kindOf("deployment/default")).isEqualTo(LineageRef.Kind.DEPLOYMENT);
        assertThat(LineageRef.idPart("deployment/default")).isEqualTo("default");
        assertThat(LineageRef.kindOf("dataset/credit-model:credit-data")).isEqualTo(LineageRef.Kind.DATASET);
        assertThat(LineageRef.kindOf("credit-model:latest")).isEqualTo(LineageRef.Kind.MODEL_VERSION);
        assertThatThrownBy(() -> LineageRef.parse("deployment/default")).isInstanceOf(IllegalArgumentException.class);
    }
}
