package io.roro.core.ui;

import io.roro.core.ShownTime;
import static org.assertj.core.api.Assertions.assertThat;

import io.roro.core.artifacts.ArtifactStore;
import io.roro.core.contract.CommandJson;
import io.roro.core.lineage.record.DeploymentChange;
import io.roro.core.contract.DeploymentEvent;
import io.roro.core.contract.DeploymentEventType;
import io.roro.core.contract.DeploymentState;
import io.roro.core.contract.Origin;
import io.roro.core.contract.VersionState;
import io.roro.core.contract.ModelVersion;
import io.roro.core.publish.ModelPublisher;
import io.roro.core.schedule.TaskSchedule;
import io.roro.core.testing.TestMongo;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.Matcher;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** roro ui over HTTP: who may look, what every answer carries, values as text, the API's shapes. */
class UiServerTest {
    @RegisterExtension
    static final TestMongo MONGO = new TestMongo();
    @TempDir
    Path dir;
    private UiScenario scenario;
    private UiServer ui;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        scenario = new UiScenario(MONGO.newLineage(), dir);
        ui = UiServer.start(scenario.lineage, new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void stop() {
        ui.close();
        scenario.lineage.close();
    }

    private String base() {
        return "http://127.0.0.1:" + ui.port();
    }

    private String token() {
        return ui.apiToken();
    }

    private HttpResponse<String> get(String path, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path));
        if (withToken) {
            request.header("Authorization", "Bearer " + token());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void nothingWithoutTheTokenWhichMovesFromTheUrlIntoAStrictCookie() throws Exception {
        assertThat(ui.url()).startsWith("http://127.0.0.1:");
        assertThat(get("/", false).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/models", false).statusCode()).isEqualTo(401);
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base() + "/?token=nope")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);

        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(ui.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).contains("/");
        assertThat(first.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly")
                .contains("SameSite=Strict");
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(cookie).as("the session is not the URL's token").doesNotContain(ui.url().substring(
                ui.url().indexOf("token=") + 6));
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models")).header("Cookie", cookie)
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        // the URL works once: found later in a history or a log, it opens nothing
        HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create(ui.url())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(again.body()).contains("opened already");
        String urlToken = ui.url().substring(ui.url().indexOf("token=") + 6);
        assertThat(http.send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/models"))
                .header("Authorization", "Bearer " + urlToken).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode()).as("nor as a bearer token").isEqualTo(401);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(base() + "/"))
                .header("Authorization", "Bearer " + token()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).as("read-only").isEqualTo(405);
    }

    @Test
    void everyAnswerHasAStrictContentSecurityPolicyAndMarkupInValuesIsText() throws Exception {
        for (String path : new String[] {"/", "/models", "/models/credit-model", "/versions/" + scenario.v3.id(),
                "/compare?v=" + scenario.v1.id() + "&v=" + scenario.v3.id(), "/lineage?of=" + scenario.v3.id(),
                "/trainings/" + scenario.running.id(), "/projects/credit-risk", "/projects/credit-risk/services/default",
                "/api/v1/models"}) {
            HttpResponse<String> page = get(path, true);
            assertThat(page.statusCode()).as(path + ": " + page.body()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).as(path)
                    .contains("script-src 'self'").contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
            if (!path.startsWith("/api/")) {
                assertThat(page.body()).as(path).doesNotContain(UiScenario.SCRIPT);
            }
        }
        assertThat(get("/versions/" + scenario.v3.id(), true).body()).contains("&lt;script&gt;alert(");
        assertThat(get("/models/credit-model", true).body()).contains("&lt;script&gt;alert(");
        assertThat(get("/versions/credit-model:v99", true).statusCode()).isEqualTo(404);
        assertThat(get("/models/credit-model?filter=%7Bnot", true).body()).contains("a search is written as conditions");
    }

    @Test
    void aVersionPageNamesTheAliasesThatPointAtItItsTagsAndDescription() throws Exception {
        String model = scenario.v3.model();
        String name = scenario.v3.version();
        assertThat(get("/versions/" + scenario.v3.id(), true).body()).doesNotContain("id=\"aliases\"");
        scenario.lineage.aliases().set(model, "champion", name, Origin.of("cli", "alice"));
        scenario.lineage.aliases().set(model, "challenger", name, Origin.of("cli", "alice"));
        scenario.lineage.notes().tag(scenario.v3.id(), Map.of("reviewed", "<b>yes</b>"), List.of(),
                Origin.of("cli", "alice"));
        scenario.lineage.notes().describe(scenario.v3.id(), Optional.of("AUC up 2 points"), Origin.of("cli", "alice"));
        assertThat(get("/versions/" + scenario.v3.id(), true).body())
                .contains("<tr id=\"aliases\"><th>aliases</th><td>challenger, champion</td></tr>")
                .contains("<tr id=\"tags\"><th>tags</th><td>reviewed&#61;&lt;b&gt;yes&lt;/b&gt;</td></tr>")
                .contains("<tr id=\"description\"><th>description</th><td>AUC up 2 points</td></tr>");
        assertThat(get("/api/v1/versions/" + scenario.v3.id() + "/notes", true).body())
                .contains("\"aliases\" : [ \"challenger\", \"champion\" ]").contains("\"description\" : \"AUC up 2 points\"");
        assertThat(get("/api/v1/models/" + model + "/aliases", true).body()).contains("\"alias\" : \"champion\"");
        String list = get("/models/" + model, true).body();
        String row = list.substring(list.indexOf("<tr data-version=\"" + scenario.v3.id() + "\""));
        assertThat(row.substring(0, row.indexOf("</tr>"))).contains("<span class=\"alias\">challenger</span>")
                .contains("<span class=\"alias\">champion</span>")
                .contains("<a href=\"/trainings/" + scenario.v3.training().orElseThrow() + "\">");
    }

    @Test
    void theProjectPageListsScheduledTasksWithTheirNextRunsAndCanariesWithTheirShares() throws Exception {
        String page = get("/projects/credit-risk", true).body();
        assertThat(page).contains("every day at 10:00 AM").contains("TZ&#61;Europe/Berlin 0 10 * * *");
        // the next run as Jenkins computes it for the retrain job, in this machine's zone
        ZonedDateTime next = new TaskSchedule("0 10 * * *",
                Optional.of(ZoneId.of("Europe/Berlin")), "every day at 10:00 AM",
                Optional.of("Europe/Berlin"))
                .nextRuns(TaskSchedule.jobFullName("credit-risk", "retrain"),
                        ZonedDateTime.now(), ZoneId.systemDefault(), 1).get(0);
        assertThat(page).contains(ShownTime.of(next.toOffsetDateTime()));
        assertThat(page).contains(scenario.v2.id() + "</a> (90%) + <a class=\"candidate\" href=\"/versions/"
                + scenario.v3.id() + "\">canary 10% " + scenario.v3.id() + "</a>");
        String model = get("/models/credit-model", true).body();
        assertThat(model).contains(scenario.v3.id() + "</a> <span class=\"candidate\">canary 10%</span>");
        assertThat(model).contains("class=\"point candidate\" data-version=\"" + scenario.v3.id() + "\"")
                .contains(scenario.v3.id() + ": auc = 0.82 (canary 10%)");
        assertThat(get("/projects/credit-risk/services/scoring", true).body()).contains("CANARY_STARTED")
                .contains(scenario.v2.id() + "</a> (90%) + canary 10% " + scenario.v3.id());
    }

    @Test
    void anEmbeddingSiteShowsOnlyThePagesOfProjectsTheViewerMayRead() {
        UiEmbed embed = new UiEmbed(scenario.lineage);
        String base = "/jenkins/job/roro-retrain/job/credit-risk/roro-models";
        Predicate<String> creditRisk = "credit-risk"::equals;
        Predicate<String> another = "fraud"::equals;
        String refused = "not shown here";
        for (String path : new String[] {"/projects/credit-risk", "/projects/credit-risk/services/scoring",
                "/models/credit-model", "/versions/" + scenario.v3.id(), "/trainings/" + scenario.running.id()}) {
            assertThat(embed.render(path, Map.of(), List.of(), base, creditRisk)).as(path).doesNotContain(refused);
            assertThat(embed.render(path, Map.of(), List.of(), base, another)).as(path).contains(refused)
                    .doesNotContain(scenario.v3.id());
        }
        assertThat(embed.render("/lineage", Map.of("of", "deployment/credit-risk:scoring"), List.of(), base,
                another)).contains(refused);
        assertThat(embed.render("/lineage", Map.of("of", scenario.v2.id()), List.of(), base, creditRisk))
                .doesNotContain(refused);
        assertThat(embed.render("/compare", Map.of(), List.of(scenario.v1.id(), scenario.v2.id()), base, another))
                .contains(refused);
        // the pages across projects show every project's records: not inside a page of one
        assertThat(embed.render("/", Map.of(), List.of(), base, creditRisk)).contains(refused);
        assertThat(embed.render("/models", Map.of(), List.of(), base, creditRisk)).contains(refused);
        assertThat(embed.projectOf(scenario.v2.id())).contains("credit-risk");
        assertThat(embed.projectOf("build/" + scenario.build.id())).contains("credit-risk");
    }

    @Test
    void theJenkinsPagesEmbedTheSamePagesWithTheirLinksUnderTheirOwnPath() throws Exception {
        UiEmbed embed = new UiEmbed(scenario.lineage);
        String base = "/jenkins/job/credit-risk/roro-models";
        for (String path : new String[] {"/", "/projects/credit-risk", "/projects/credit-risk/services/scoring",
                "/models/credit-model", "/versions/" + scenario.v3.id(), "/lineage?of=" + scenario.v3.id(),
                "/compare?v=" + scenario.v1.id() + "&v=" + scenario.v2.id()}) {
            String page = get(path, true).body();
            String main = page.substring(page.indexOf("<main>\n") + "<main>\n".length(), page.indexOf("</main>"))
                    // the plots are drawn by a script, which a Jenkins page does not run: the embedded page has none
                    .replaceAll("(?s)\n?<div id=\"(plots|compare-plot-box)\".*?plots\\.js\"></script>", "");
            String[] parts = path.split("\\?", 2);
            Map<String, String> query = new LinkedHashMap<>();
            List<String> versions = new ArrayList<>();
            if (parts.length > 1) {
                for (String pair : parts[1].split("&")) {
                    String[] kv = pair.split("=", 2);
                    if (kv[0].equals("v")) {
                        versions.add(kv[1]);
                    } else {
                        query.put(kv[0], kv[1]);
                    }
                }
            }
            String fragment = embed.render(parts[0], query, versions, base);
            assertThat(fragment.strip()).as(path).isEqualTo(UiEmbed.under(main, base).strip()).doesNotContain("<html")
                    .doesNotContain("<script").doesNotContain(UiScenario.SCRIPT);
            assertThat(fragment.split("href=\"/")).as(path + ": every link under " + base).allSatisfy(part ->
                    assertThat(part.startsWith("jenkins/job/credit-risk/roro-models") || !part.startsWith("/")).isTrue());
        }
        // what a build recorded links to its page: each of these is a page of the UI
        for (String reference : new String[] {"deployment/credit-risk:scoring", scenario.v2.id(),
                "build/" + scenario.build.id()}) {
            String page = UiEmbed.pageOf(reference);
            assertThat(get(page, true).statusCode()).as(reference + " -> " + page).isEqualTo(200);
        }
        assertThat(UiEmbed.pageOf("deployment/credit-risk:scoring")).isEqualTo("/projects/credit-risk/services/scoring");
        assertThat(embed.render("/versions/credit-model:v99", Map.of(), List.of(), base)).contains("not found")
                .contains("no model version credit-model:v99");
        assertThat(embed.render("/trainings/" + scenario.running.id(), Map.of(), List.of(), base))
                .doesNotContain("<script");
    }

    @Test
    void theApiAnswersWithTheRecordsTheCliPrints() throws Exception {
        HttpResponse<String> version = get("/api/v1/versions/" + scenario.v2.id(), true);
        assertThat(version.headers().firstValue("Content-Type")).contains("application/json");
        assertThat(CommandJson.mapper().readTree(version.body())).isEqualTo(CommandJson.mapper().readTree(
                CommandJson.write(scenario.lineage.models().modelVersion(scenario.v2.id()).orElseThrow())));
        assertThat(CommandJson.mapper().readTree(get("/api/v1/models/credit-model/versions?limit=2", true).body()))
                .hasSize(2);
        assertThat(get("/api/v1/trainings/" + scenario.running.id(), true).body()).contains("\"RUNNING\"");
        assertThat(get("/api/v1/projects/credit-risk/services/default/timeline", true).body())
                .contains(scenario.v2.id());
        assertThat(get("/api/v1/compare?v=" + scenario.v1.id() + "&v=" + scenario.v2.id(), true).body())
                .contains("metric auc");
        assertThat(get("/api/v1/nothing", true).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/models/credit-model/versions?limit=5000", true).statusCode()).isEqualTo(400);
    }

    @Test
    void theLoginLinkKeepsTheRestOfItsQuery() throws Exception {
        String url = ui.url().replace("/?token=", "/compare?v=m:v1&token=") + "&v=m:v2";
        HttpResponse<String> first = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(303);
        assertThat(first.headers().firstValue("Location")).contains("/compare?v=m:v1&v=m:v2");
    }

    @Test
    void anUnknownProjectOrServiceIsNotFoundNotAnEmptyPage() throws Exception {
        assertThat(get("/projects/no-such-project", true).statusCode()).isEqualTo(404);
        assertThat(get("/projects/no-such-project/services/default", true).statusCode()).isEqualTo(404);
    }

    @Test
    void pagesNameAnIconTheServerHas() throws Exception {
        assertThat(get("/", true).body()).contains("href=\"/static/favicon.svg\"");
        HttpResponse<String> icon = get("/static/favicon.svg", true);
        assertThat(icon.statusCode()).isEqualTo(200);
        assertThat(icon.headers().firstValue("Content-Type")).contains("image/svg+xml");
        assertThat(icon.body()).startsWith("<svg");
    }

    @Test
    void aTrainingsPageLinksToItsProjectAndTheVersionItPublished() throws Exception {
        String training = scenario.v3.training().orElseThrow();
        String page = get("/trainings/" + training, true).body();
        assertThat(page).contains("href=\"/projects/credit-risk\"")
                .contains("href=\"/versions/" + scenario.v3.id() + "\"")
                .contains("href=\"/lineage?of&#61;" + URLEncoder.encode(scenario.v3.id(),
                        StandardCharsets.UTF_8) + "\"");
    }

    @Test
    void aVersionsFilesDownloadFromItsPageCheckedAgainstTheirSha256() throws Exception {
        String page = get("/versions/" + scenario.v2.id(), true).body();
        String link = "/api/v1/versions/" + scenario.v2.id() + "/files/model.pkl";
        assertThat(page).contains("href=\"" + link + "\"").as("a pickle is not previewed")
                .doesNotContain("class=\"preview\"");
        HttpResponse<String> file = get(link, true);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("weights of v2");
        assertThat(file.headers().firstValue("Content-Disposition")).contains("attachment; filename=\"model.pkl\"");
        assertThat(file.headers().firstValue("X-Roro-Sha256")).contains(scenario.v2.file("model.pkl")
                .orElseThrow().sha256());
        assertThat(get("/api/v1/versions/" + scenario.v2.id() + "/files/nope.bin", true).statusCode()).isEqualTo(404);
        assertThat(get(link, false).statusCode()).as("not without the token").isEqualTo(401);
    }

    @Test
    void datasetsHaveAListAndPagesWithTheirFilesDownloadableAndTheirOtherVersions() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("credit.csv"), "income,default\n52000,0\n");
        ModelPublisher publisher = ModelPublisher.of(scenario.lineage);
        String v1 = publisher.publishDataset("credit-model", "credit-data", data, Map.of(), Origin.of("cli", "alice"),
                ArtifactStore.Progress.NONE).dataset().id();
        Files.writeString(data.resolve("credit.csv"), "income,default\n52000,0\n31000,1\n");
        String v2 = publisher.publishDataset("credit-model", "credit-data", data, Map.of(), Origin.of("cli", "alice"),
                ArtifactStore.Progress.NONE).dataset().id();

        String list = get("/datasets", true).body();
        assertThat(list).contains("href=\"/datasets/" + v2 + "\"").contains("href=\"/datasets/" + v1 + "\"");
        assertThat(list.indexOf(v2)).as("newest first").isLessThan(list.indexOf(v1));
        assertThat(get("/models/credit-model", true).body()).contains("href=\"/datasets?model=credit-model\"");
        assertThat(get("/datasets?model=credit-model", true).body()).contains(v2);
        String page = get("/datasets/" + v2, true).body();
        String link = "/api/v1/datasets/" + v2 + "/files/credit.csv";
        assertThat(page).contains("href=\"" + link + "\"").contains("href=\"/datasets/" + v1 + "\"")
                .contains("what was trained on it").contains("<td>31 B</td>")
                .contains("<pre class=\"preview\">income,default&#10;52000,0&#10;31000,1</pre>");
        HttpResponse<String> file = get(link, true);
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.body()).isEqualTo("income,default\n52000,0\n31000,1\n");
        assertThat(get("/datasets/credit-model:credit-data:v9", true).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/datasets?model=credit-model", true).body()).contains("\"version\" : \"v2\"")
                .contains("\"version\" : \"v1\"");
        assertThat(get("/api/v1/datasets/" + v1, true).body()).contains("\"name\" : \"credit-data\"");
        assertThat(get("/api/v1/datasets/credit-model:credit-data:v9", true).statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/datasets/" + v2 + "/files/other.csv", true).statusCode()).isEqualTo(404);
    }

    @Test
    void aVersionPageSaysWhetherItIsLiveOrACanary() throws Exception {
        // scoring: v2 live, then a canary of v3 beside it (10%)
        List<DeploymentEvent> timeline = scenario.lineage.deployments().timeline("credit-risk", "scoring");
        String v2 = get("/versions/" + scenario.v2.id(), true).body();
        assertThat(v2).contains("credit-risk:scoring</a> <span class=\"live\">live</span> since "
                + ShownTime.of(timeline.get(0).at())).containsPattern("since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ");
        String v3 = get("/versions/" + scenario.v3.id(), true).body();
        assertThat(v3).contains("credit-risk:scoring</a> <span class=\"candidate\">canary 10%</span> since "
                + ShownTime.of(timeline.get(timeline.size() - 1).at()));
        assertThat(v3).doesNotContain("<span class=\"live\">live</span>");
    }

    @Test
    void lineagePagesOfferOnlyTheDirectionsThereAre() throws Exception {
        String version = scenario.v2.id();
        String both = get("/lineage?of=" + version, true).body();
        assertThat(both).contains("<strong>both ways</strong>").contains(">where it came from</a>")
                .contains(">what came from it</a>");
        String up = get("/lineage?of=" + version + "&upstream=1", true).body();
        String down = get("/lineage?of=" + version + "&downstream=1", true).body();
        assertThat(up).contains("<strong>where it came from</strong>").contains("trained by: training")
                .doesNotContain("credit-risk:default");
        assertThat(down).contains("<strong>what came from it</strong>").contains("credit-risk:default")
                .doesNotContain("trained by: training");
        assertThat(both).contains("trained by: training").contains("credit-risk:default");
        String deployment = get("/lineage?of=deployment/credit-risk:default", true).body();
        assertThat(deployment).contains("<p id=\"directions\">where it came from</p>");
    }

    @Test
    void theApiAnswersAServiceAsItStoodAtATimeAndALineageInOneDirection() throws Exception {
        deploy("batch", scenario.v1.id());
        Thread.sleep(20); // apart on the clock the timeline keeps (milliseconds)
        String between = Instant.now().toString();
        Thread.sleep(20);
        deploy("batch", scenario.v2.id());
        String then = get("/api/v1/projects/credit-risk/services/batch?at=" + URLEncoder.encode(between,
                StandardCharsets.UTF_8), true).body();
        assertThat(then).contains("\"modelVersion\" : \"" + scenario.v1.id() + "\"");
        String now = get("/api/v1/projects/credit-risk/services/batch", true).body();
        assertThat(now).contains("\"modelVersion\" : \"" + scenario.v2.id() + "\"");
        assertThat(get("/api/v1/projects/credit-risk/services/batch?at=2001-01-01T00:00:00Z", true).statusCode())
                .isEqualTo(404);

        String version = URLEncoder.encode(scenario.v2.id(), StandardCharsets.UTF_8);
        String down = get("/api/v1/lineage?of=" + version + "&downstream=1", true).body();
        String up = get("/api/v1/lineage?of=" + version + "&upstream=1", true).body();
        assertThat(down).contains("credit-risk:default").doesNotContain("credit-risk:b1");
        assertThat(up).contains("credit-risk:b1").doesNotContain("\"credit-risk:default\"");

        // where a deployment came from includes the canary beside its live version, each as what it is there
        String scoring = get("/api/v1/lineage?of=deployment/credit-risk:scoring", true).body();
        assertThat(scoring).contains("\"relation\" : \"canary 10% on\"").contains("\"relation\" : \"serving 90% on\"")
                .contains(scenario.v3.id());
    }

    /** A project's trainings come 20 at a time, newest first, filtered by state; the API takes the same filter. */
    @Test
    void aProjectsTrainingsArePagedAndFilteredByState() throws Exception {
        for (int i = 0; i < 22; i++) {
            scenario.failedTraining();
        }
        String first = get("/projects/credit-risk", true).body();
        assertThat(rows(first, "trainings")).hasSize(20).allSatisfy(row -> assertThat(row).contains("FAILED"));
        String next = first.replaceAll("(?s).*<a id=\"next-trainings\" href=\"([^\"]*)\".*", "$1")
                .replace("&#61;", "=").replace("&amp;", "&"); // as a browser reads the attribute
        String second = get("/projects/credit-risk" + next, true).body();
        assertThat(rows(second, "trainings")).hasSize(6).as("2 failed, 3 finished, 1 running");
        assertThat(second).doesNotContain("id=\"next-trainings\"");

        String running = get("/projects/credit-risk?state=RUNNING", true).body();
        assertThat(rows(running, "trainings")).singleElement().asString().contains(scenario.running.id());
        assertThat(running.replace("&#61;", "=")).contains("<strong>RUNNING</strong>")
                .contains("<a href=\"?state=FAILED\">FAILED</a>");
        assertThat(rows(get("/projects/credit-risk?state=FINISHED", true).body(), "trainings")).hasSize(3);
        assertThat(get("/projects/credit-risk?state=sleeping", true).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/projects/credit-risk/trainings?state=FINISHED", true).body()
                .split("\"state\" : \"FINISHED\"", -1)).hasSize(4);
    }

    /**
     * A search reads 500 versions a page: one that matches only old versions answers in a page's time, links the
     * older ones, and the API says where to go on (X-Roro-Resume-Before).
     */
    @Test
    void aSearchOfOldVersionsReadsAPageAtATimeAndLinksTheOlderOnes() throws Exception {
        for (int i = 4; i <= 560; i++) {
            scenario.lineage.models().insertVersion(new ModelVersion("credit-model", "v" + i, Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), List.of(), Map.of("auc", 0.5), Map.of(),
                    Map.of(), VersionState.PUBLISHED, Instant.now(), Origin.of("cli", "alice")));
        }
        String search = URLEncoder.encode("metrics.auc > 0.9", StandardCharsets.UTF_8);
        String first = get("/models/credit-model?filter=" + search, true).body().replace("&#61;", "=")
                .replace("&amp;", "&");
        assertThat(first).doesNotContain("data-version=\"" + scenario.v2.id() + "\"");
        String older = first.replaceAll("(?s).*<a href=\"([^\"]*)\" id=\"search-older\".*", "$1");
        assertThat(older).contains("filter=").contains("before=61");
        String second = get(older, true).body();
        assertThat(second).contains("data-version=\"" + scenario.v2.id() + "\"").doesNotContain("id=\"search-older\"");

        HttpResponse<String> api = get("/api/v1/models/credit-model/versions?limit=5&filter=" + search, true);
        assertThat(api.headers().firstValue("X-Roro-Resume-Before")).isPresent();
        assertThat(get("/api/v1/models/credit-model/versions?limit=5&filter=" + search + "&before="
                + api.headers().firstValue("X-Roro-Resume-Before").orElseThrow(), true).body())
                .contains(named(scenario.v2.version()));
        assertThat(get("/api/v1/models/credit-model/versions?before=x", true).statusCode()).isEqualTo(400);
    }

    /** Many services come 50 a page, in the order people count (svc-2 before svc-10), not as one long page. */
    @Test
    void manyServicesArePagedInTheOrderPeopleCount() throws Exception {
        for (int i = 0; i < 120; i++) {
            scenario.lineage.deployments().record(new DeploymentChange("credit-risk", "svc-" + i,
                    DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, Optional.of(scenario.v1.id()),
                    Optional.empty(), 1, "small", "docker", Optional.of("http://127.0.0.1:9100/"), Optional.empty(),
                    Origin.of("cli", "alice")));
        }
        String first = get("/projects/credit-risk", true).body();
        List<String> names = rows(first, "services").stream().map(r -> r.replaceAll("(?s).*?/services/([^\"]+)\".*",
                "$1")).toList();
        assertThat(names).hasSize(50);
        assertThat(names.subList(0, 6)).containsExactly("default", "scoring", "svc-0", "svc-1", "svc-2", "svc-3");
        assertThat(names.indexOf("svc-10")).isEqualTo(names.indexOf("svc-9") + 1);
        assertThat(first.replace("&#61;", "=")).contains("services: <strong>1</strong> <a href=\"?services=2\">2</a>"
                + " <a href=\"?services=3\">3</a>");
        String third = get("/projects/credit-risk?services=3", true).body();
        assertThat(rows(third, "services")).hasSize(22).last().asString().contains("svc-119");
        assertThat(get("/projects/credit-risk?services=x", true).statusCode()).isEqualTo(400);
    }

    /** The rows of the table {@code id} of a page. */
    private static List<String> rows(String page, String id) {
        String table = page.substring(page.indexOf("<table id=\"" + id + "\">"));
        table = table.substring(table.indexOf("<tbody>") + 7, table.indexOf("</tbody>"));
        return Arrays.stream(table.split("</tr>")).filter(r -> r.contains("<td")).toList();
    }

    private void deploy(String service, String version) {
        scenario.lineage.deployments().record(new DeploymentChange("credit-risk", service,
                DeploymentEventType.DEPLOYED, DeploymentState.RUNNING, Optional.of(version), Optional.empty(), 1,
                "small", "docker", Optional.of("http://127.0.0.1:9002/"), Optional.empty(), Origin.of("cli", "alice")));
    }

    @Test
    void theApiRanksVersionsByAMetricAndAnswersAModel() throws Exception {
        String best = get("/api/v1/models/credit-model/versions?sort=auc", true).body();
        assertThat(best.indexOf(named("v2"))).isPositive().isLessThan(best.indexOf(named("v3")));
        assertThat(best.indexOf(named("v3"))).isLessThan(best.indexOf(named("v1")));
        String lowest = get("/api/v1/models/credit-model/versions?sort=metrics.auc&order=asc&limit=1", true).body();
        assertThat(lowest).contains(named("v1")).doesNotContain(named("v2"));

        scenario.lineage.aliases().set("credit-model", "champion", scenario.v2.version(), Origin.of("cli", "alice"));
        String model = get("/api/v1/models/credit-model", true).body();
        assertThat(model).contains("\"name\" : \"credit-model\"").contains("\"latest\" : \"" + scenario.v3.id()
                + "\"").contains("\"alias\" : \"champion\"");
        assertThat(get("/api/v1/models/nothing", true).statusCode()).isEqualTo(404);
    }

    private static String named(String version) {
        return "\"version\" : \"" + version + "\"";
    }

    @Test
    void aModelPagesSortChartAndFilterLinksKeepEachOthersChoice() throws Exception {
        String filter = URLEncoder.encode("metrics.rows = 1000", StandardCharsets.UTF_8);
        String page = get("/models/credit-model?sort=metric:auc&order=asc&metric=rows&filter=" + filter, true).body();
        // the chart's metric links keep the sort, its order and the filter
        assertThat(page).contains("href=\"/models/credit-model?metric&#61;auc&amp;sort&#61;metric%3Aauc&amp;order&#61;asc"
                + "&amp;filter&#61;" + filter + "\"");
        // the sort links keep the chart's metric and the filter
        assertThat(page).contains("href=\"/models/credit-model?metric&#61;rows&amp;sort&#61;created&amp;order&#61;desc"
                + "&amp;filter&#61;" + filter + "\"");
    }

    /** One search grammar on pages and in the API; a mistake or an unknown page to go on from is a 400, saying why. */
    @Test
    void versionsAreSearchedWithTheGrammarAndMistakesAre400s() throws Exception {
        String search = URLEncoder.encode("params.max_depth >= 4 and metrics.auc > 0.8", StandardCharsets.UTF_8);
        String api = get("/api/v1/models/credit-model/versions?filter=" + search, true).body();
        assertThat(api).contains(named(scenario.v2.version())).contains(named(scenario.v3.version()))
                .doesNotContain(named(scenario.v1.version()));
        String page = get("/models/credit-model?filter=" + search, true).body();
        assertThat(page).contains("data-version=\"" + scenario.v2.id() + "\"")
                .doesNotContain("data-version=\"" + scenario.v1.id() + "\"");
        HttpResponse<String> wrong = get("/api/v1/models/credit-model/versions?filter="
                + URLEncoder.encode("metrics.auc >> 1", StandardCharsets.UTF_8), true);
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("search column 14");
        assertThat(get("/api/v1/models/credit-model/versions?filter=" + URLEncoder.encode("{\"$where\": \"1\"}",
                StandardCharsets.UTF_8), true).statusCode()).isEqualTo(400);
        HttpResponse<String> after = get("/api/v1/models/credit-model/versions?after=credit-model:v999", true);
        assertThat(after.statusCode()).isEqualTo(400);
        assertThat(after.body()).contains("credit-model:v999");
    }

    /**
     * Params and metrics are columns to choose: by default every metric and the params in one column; a chooser
     * shows a param as a column of its own (sortable, by number) or hides a metric, and the other links keep it.
     */
    @Test
    void paramsAndMetricsAreColumnsToChooseAndSortBy() throws Exception {
        String page = get("/models/credit-model", true).body().replace("&#61;", "=").replace("&amp;", "&");
        assertThat(page).contains("<th>params</th>").contains("<th>state</th>").doesNotContain("href=\"#\"")
                .contains("<a href=\"/models/credit-model?show=metric%3Aauc%2Cmetric%3Acomment%2Cmetric%3Arows%2C"
                        + "param%3Amax_depth\" class=\"\">param:max_depth</a>");
        // max_depth as a column of its own, auc alone beside it, sorted by max_depth (v1 3, v3 4, v2 5)
        String chosen = get("/models/credit-model?show=param:max_depth,auc&sort=param:max_depth&order=asc", true)
                .body().replace("&#61;", "=").replace("&amp;", "&");
        String header = chosen.substring(chosen.indexOf("<table id=\"versions\"><thead>"),
                chosen.indexOf("</thead>", chosen.indexOf("<table id=\"versions\">")));
        assertThat(header).doesNotContain(">params</a>").doesNotContain(">rows</a>")
                .contains(">param:max_depth</a>").contains(">auc</a>");
        List<String> order = new ArrayList<>();
        Matcher row = Pattern.compile("<tr data-version=\"([^\"]+)\">").matcher(chosen);
        while (row.find()) {
            order.add(row.group(1));
        }
        assertThat(order).containsExactly(scenario.v1.id(), scenario.v3.id(), scenario.v2.id());
        assertThat(chosen).contains("<td class=\"metric\">4</td><td class=\"metric\">0.82</td>");
        // the chart's links keep the columns chosen
        assertThat(chosen).contains("href=\"/models/credit-model?metric=rows&sort=param%3Amax_depth&order=asc"
                + "&show=param%3Amax_depth%2Cauc\"");
    }
}
