package io.roro.core.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.Origin;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.testing.TestMongo;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * roro ui in a real browser: Debian's headless Chromium through its chromedriver, over a store filled by the
 * publish code. Skips, saying so, where there is no Chromium (.ci/run installs it). Screenshots of the main pages
 * go to target/ui-screenshots (the README's come from there).
 */
class UiBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target/ui-screenshots");

    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    @TempDir
    Path dir;
    private UiScenario scenario;
    private UiServer ui;
    private ChromeDriver browser;
    /** What the running training has printed so far, as its platform would show it (LiveLog). */
    private final List<String> printed = new CopyOnWriteArrayList<>(
            List.of("epoch 1 loss=0.40"));

    @BeforeEach
    void start() throws Exception {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        if (!present) {
            System.err.println("SKIPPED UiBrowserTest: no /usr/bin/chromium and /usr/bin/chromedriver"
                    + " (apt-get install chromium chromium-driver; .ci/run does)");
        }
        assumeTrue(present, "no Chromium here");
        scenario = new UiScenario(MONGO.newLineage(), dir);
        ui = UiServer.start(scenario.lineage, new InetSocketAddress("127.0.0.1", 0), (run, lines) -> {
            if (!run.id().equals(scenario.running.id()) || run.state().isFinal()) {
                return false;
            }
            printed.forEach(lines);
            return true;
        });
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toString()).addArguments("--headless",
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--no-first-run", "--window-size=1280,900");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .build(), options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (ui != null) {
            ui.close();
            scenario.lineage.close();
        }
    }

    private void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    }

    private String base() {
        return "http://127.0.0.1:" + ui.port();
    }

    /** Clicks navigate on their own time: wait for the page the test goes on with. */
    private void waitFor(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(condition::apply);
    }

    /** The versions table's header link for a column (the chart has links named after metrics too). */
    private WebElement column(String label) {
        return browser.findElements(By.cssSelector("#versions thead a")).stream()
                .filter(a -> a.getText().equals(label)).findFirst().orElseThrow();
    }

    private List<String> versionColumn() {
        return browser.findElements(By.cssSelector("#versions tbody tr")).stream()
                .map(row -> row.getAttribute("data-version")).toList();
    }

    @Test
    void fromTheProjectsToAVersionItsLineageAndBack() throws Exception {
        browser.get(ui.url());
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");
        assertThat(browser.findElement(By.id("projects")).getText()).contains("credit-risk").contains("default");
        shot("projects");

        browser.findElement(By.linkText("credit-model")).click();
        waitFor(b -> b.getCurrentUrl().endsWith("/models/credit-model"));
        assertThat(versionColumn()).containsExactly(scenario.v3.id(), scenario.v2.id(), scenario.v1.id());
        column("auc").click();
        waitFor(b -> b.getCurrentUrl().contains("order=desc"));
        assertThat(versionColumn()).as("best auc first").containsExactly(scenario.v2.id(), scenario.v3.id(),
                scenario.v1.id());
        column("auc").click();
        waitFor(b -> b.getCurrentUrl().contains("order=asc"));
        assertThat(versionColumn()).as("then the other way").containsExactly(scenario.v1.id(), scenario.v3.id(),
                scenario.v2.id());
        List<WebElement> points = browser.findElements(By.cssSelector("#chart circle"));
        assertThat(points).hasSize(3);
        assertThat(browser.findElements(By.cssSelector("#chart circle.live"))).singleElement()
                .satisfies(p -> assertThat(p.getAttribute("data-version")).isEqualTo(scenario.v2.id()));
        shot("model");

        browser.get(base() + "/versions/" + scenario.v2.id());
        assertThat(browser.findElement(By.id("live")).getText()).contains("credit-risk:default");
        assertThat(browser.findElement(By.id("params")).getText()).contains("max_depth").contains("5");
        browser.findElement(By.linkText("lineage")).click();
        waitFor(b -> b.getCurrentUrl().contains("/lineage"));
        List<WebElement> nodes = browser.findElements(By.cssSelector("#graph a"));
        assertThat(nodes).as("every node but the commit is a link").hasSizeGreaterThanOrEqualTo(3);
        shot("lineage");
        String training = nodes.stream().map(a -> a.getDomAttribute("href")).filter(h -> h != null
                && h.startsWith("/trainings/")).findFirst().orElseThrow();
        browser.get(base() + training);
        assertThat(browser.findElement(By.id("state")).getText()).isEqualTo("FINISHED");
    }

    @Test
    void aRunningTrainingUpdatesWithoutAReload() throws Exception {
        browser.get(ui.url());
        browser.get(base() + "/trainings/" + scenario.running.id());
        assertThat(browser.findElement(By.id("percent")).getText()).isEqualTo("30%");
        assertThat(browser.findElement(By.id("log")).getText()).isEqualTo("epoch 1 loss=0.40");
        WebElement marker = browser.findElement(By.tagName("h1"));
        scenario.lineage.trainings().reportProgress(scenario.running.id(), 0.75, Map.of("loss", 0.25));
        printed.add("epoch 2 " + UiScenario.SCRIPT);
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.findElement(By.id("percent")).getText()
                .equals("75%"));
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.findElement(By.id("log")).getText()
                .contains("epoch 2"));
        assertThat(browser.findElement(By.id("log")).getText()).as("the log's markup is text")
                .isEqualTo("epoch 1 loss=0.40\nepoch 2 " + UiScenario.SCRIPT);
        assertThat(browser.findElement(By.id("metrics")).getText()).contains("loss=0.25");
        scenario.lineage.trainings().finishTraining(scenario.running.id(), Map.of("loss", 0.2));
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(b -> b.findElement(By.id("state")).getText()
                .equals("FINISHED"));
        assertThat(marker.isDisplayed()).as("the same page, not a reload").isTrue();
        shot("training");
    }

    @Test
    void markupInParamsAndMetricsIsShownAsTextAndTheComparisonMarksDifferences() throws Exception {
        browser.get(ui.url());
        browser.get(base() + "/versions/" + scenario.v3.id());
        assertThat(browser.findElement(By.id("params")).getText()).contains(UiScenario.SCRIPT);
        assertThat(browser.findElement(By.id("metrics")).getText()).contains(UiScenario.SCRIPT);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);

        browser.get(base() + "/models/credit-model");
        for (WebElement box : browser.findElements(By.cssSelector("#versions input[type=checkbox]"))) {
            if (!box.getAttribute("value").equals(scenario.v2.id())) {
                box.click();
            }
        }
        browser.findElement(By.cssSelector("#compare-form button")).click();
        waitFor(b -> b.getCurrentUrl().contains("/compare") && !b.findElements(By.id("comparison")).isEmpty());
        List<WebElement> differing = browser.findElements(By.cssSelector("#comparison tr.differs"));
        assertThat(differing).extracting(r -> r.findElement(By.tagName("th")).getText())
                .contains("metric auc", "param max_depth", "file model.pkl").as("the same build").doesNotContain("build");
        shot("compare");
    }

    @Test
    void fromAModelWithAnAliasToItsDatasetsAndADatasetsFilePreviewed() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("credit.csv"), "income,debt_ratio,default\n52000,0.31,0\n31000,0.62,1\n");
        Files.writeString(data.resolve("schema.json"), "{\"income\": \"int\", \"debt_ratio\": \"float\"}\n");
        String dataset = ModelPublisher.of(scenario.lineage).publishDataset("credit-model", "credit-data", data,
                Map.of(), Origin.of("cli", "alice"), ArtifactStore.Progress.NONE).dataset().id();
        scenario.lineage.aliases().set("credit-model", "champion", scenario.v2.version(), Origin.of("cli", "alice"));
        browser.get(ui.url());

        browser.get(base() + "/models/credit-model");
        assertThat(browser.findElement(By.cssSelector("tr[data-version='" + scenario.v2.id() + "'] .alias"))
                .getText()).isEqualTo("champion");
        browser.findElement(By.linkText("datasets of credit-model")).click();
        waitFor(b -> b.getCurrentUrl().contains("/datasets"));
        browser.findElement(By.linkText(dataset)).click();
        waitFor(b -> b.getCurrentUrl().endsWith("/datasets/" + dataset));
        List<WebElement> previews = browser.findElements(By.cssSelector("pre.preview"));
        assertThat(previews).hasSize(2);
        assertThat(previews.get(0).getText()).isEqualTo("income,debt_ratio,default\n52000,0.31,0\n31000,0.62,1");
        assertThat(browser.findElement(By.id("files")).getText()).contains("credit.csv 52 B");
        shot("dataset");
    }

    /**
     * The plots come from ECharts over every version the search finds: a metric over the versions with the live
     * and canary ones marked, a param against a metric chosen in two lists, parallel coordinates of them all.
     */
    @Test
    void thePlotsDrawEveryVersionTheSearchFindsWithALibrary() throws Exception {
        browser.get(ui.url());
        browser.get(base() + "/models/credit-model");
        waitFor(b -> "3".equals(b.findElement(By.id("plots")).getAttribute("data-drawn")));
        JavascriptExecutor js = browser;
        Object metric = js.executeScript("var o = echarts.getInstanceByDom(document.getElementById('plot-metric'))"
                + ".getOption(); return [o.xAxis[0].name, o.yAxis[0].name, o.series.map(function (s) {"
                + " return s.name + ':' + s.data.length; }).join(' ')];");
        assertThat(metric).asString().contains("version (oldest first)").contains("auc")
                .contains("auc:3 live:1 canary or shadow:1 other:1");
        assertThat(browser.findElements(By.cssSelector("#plot-metric canvas"))).isNotEmpty();
        Object scatter = js.executeScript("var o = echarts.getInstanceByDom(document.getElementById('plot-scatter'))"
                + ".getOption(); return o.xAxis[0].name + ' ' + o.yAxis[0].name + ' ' + o.series.reduce(function (n, s)"
                + " { return n + s.data.length; }, 0);");
        assertThat(scatter).isEqualTo("params.max_depth auc 3");
        new Select(browser.findElement(By.id("scatter-metric"))).selectByVisibleText("rows");
        waitFor(b -> String.valueOf(js.executeScript("return echarts.getInstanceByDom(document.getElementById("
                + "'plot-scatter')).getOption().yAxis[0].name;")).equals("rows"));
        Object parallel = js.executeScript("var o = echarts.getInstanceByDom(document.getElementById('plot-parallel'))"
                + ".getOption(); return o.parallelAxis.map(function (a) { return a.name; }).join(',') + ' '"
                + " + o.series[0].data.length;");
        assertThat(parallel).isEqualTo("params.max_depth,auc,rows 3");
        // a search narrows the plots as it does the table
        browser.get(base() + "/models/credit-model?filter=" + URLEncoder.encode("metrics.auc > 0.8",
                StandardCharsets.UTF_8));
        waitFor(b -> "2".equals(b.findElement(By.id("plots")).getAttribute("data-drawn")));
        browser.get(base() + "/models/credit-model");
        waitFor(b -> "3".equals(b.findElement(By.id("plots")).getAttribute("data-drawn")));
        js.executeScript("document.getElementById('plots').scrollIntoView()");
        shot("plots");

        // the compare page puts the compared versions' metrics side by side
        browser.get(base() + "/compare?v=" + scenario.v1.id() + "&v=" + scenario.v2.id());
        waitFor(b -> "2".equals(b.findElement(By.id("compare-plot-box")).getAttribute("data-drawn")));
        Object bars = js.executeScript("var o = echarts.getInstanceByDom(document.getElementById('compare-plot'))"
                + ".getOption(); return o.xAxis[0].data.join(',') + ' ' + o.series.map(function (s) { return s.name"
                + " + '=' + s.data.join('/'); }).join(' ');");
        assertThat(bars).isEqualTo("auc,rows " + scenario.v1.id() + "=0.71/1000 " + scenario.v2.id() + "=0.93/1000");
        shot("compare-plot");
    }
}
