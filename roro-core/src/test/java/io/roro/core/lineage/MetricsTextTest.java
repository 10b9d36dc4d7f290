package io.roro.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTextTest {
    @Test
    void fractionsAreShownToFourSignificantDigitsAndWholeNumbersAsTheyAre() {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("auc", 0.8666666666666667);
        metrics.put("accuracy", 0.9);
        metrics.put("loss", 1.2345e-7);
        metrics.put("rows", 5000);
        metrics.put("big", 123456.789);
        metrics.put("name", "gbm");
        metrics.put("nan", Double.NaN);
        assertThat(MetricsText.of(metrics)).isEqualTo(
                "{auc=0.8667, accuracy=0.9, loss=0.0000001235, rows=5000, big=123457, name=gbm, nan=NaN}");
        assertThat(MetricsText.of(Map.of())).isEqualTo("{}");
    }
}
