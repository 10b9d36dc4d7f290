package io.roro.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.roro.core.contract.BuildVersion;
import io.roro.core.lineage.Lineage;
import io.roro.core.lineage.database.LineageConfig;
import io.roro.core.contract.Origin;
import io.roro.core.platform.docker.DockerCli;
import io.roro.core.platform.docker.DockerPlatform;
import io.roro.core.platform.docker.RuntimeImages;
import io.roro.core.spec.ProjectSpec;
import io.roro.core.spec.ProjectSpecReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project's requirements.txt names a package the runtime lacks: it is installed with pip from the index roro.yml
 * names (served here on 127.0.0.1 from a wheel this test builds, as a team's own index would be), and the image's
 * Python imports it; a package the index lacks fails the build in one line naming it and the index. On the Docker
 * engine; skipped, visibly, without one.
 */
class PackageIndexTest {
    private static final Origin ORIGIN = Origin.of("test", "index");

    @TempDir
    Path dir;
    private HttpServer index;
    private Lineage lineage;
    private DockerPlatform platform;
    private final String project = "pkgs-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void setUp() throws Exception {
        DockerCli docker = new DockerCli();
        boolean ready = docker.available()
                && docker.run(List.of("image", "inspect", RuntimeImages.DEFAULT_BASE), 30).ok();
        if (!ready) {
            System.err.println("SKIPPED PackageIndexTest: no Docker engine or base image; run scripts/setup-docker.sh");
        }
        assumeTrue(ready, "no Docker engine or base image");
        byte[] wheel = wheel("roro_it_pkg", "1.0", "VALUE = 'from the team index'\n");
        String wheelName = "roro_it_pkg-1.0-py3-none-any.whl";
        String wheelHash = sha256Hex(wheel);
        index = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // PEP 503: a page per project with links to its files (hash in the fragment), 404 for any other
        index.createContext("/simple/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals("/simple/roro-it-pkg/")) {
                body = ("<html><body><a href=\"/files/" + wheelName + "#sha256=" + wheelHash + "\">"
                        + wheelName + "</a></body></html>").getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "not here".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        index.createContext("/files/", exchange -> {
            exchange.sendResponseHeaders(200, wheel.length);
            exchange.getResponseBody().write(wheel);
            exchange.close();
        });
        index.start();
        Path home = dir.resolve("home");
        lineage = Lineage.open(LineageConfig.embedded(home.resolve("lineage.mv")));
        platform = new DockerPlatform(docker, () -> lineage, home, Map.of("RORO_HOME", home.toString()));
    }

    @AfterEach
    void tearDown() {
        if (index == null) {
            return;
        }
        index.stop(0);
        DockerCli docker = platform.docker();
        String images = docker.run(List.of("images", "-q", "roro/" + project), 60).stdout().trim();
        if (!images.isEmpty()) {
            List<String> rmi = new ArrayList<>(List.of("rmi", "-f"));
            rmi.addAll(images.lines().distinct().toList());
            docker.run(rmi, 120);
        }
        lineage.close();
    }

    private String indexUrl() {
        return "http://127.0.0.1:" + index.getAddress().getPort() + "/simple";
    }

    private Path projectWith(String requirements) throws IOException {
        return projectWith(requirements, "build: {index_url: '" + indexUrl() + "'}\n");
    }

    private Path projectWith(String requirements, String build) throws IOException {
        Path project = Files.createDirectories(dir.resolve(this.project + "-" + (requirements + build).hashCode()));
        Files.writeString(project.resolve("roro.yml"), "project: " + this.project + "\n" + build
                + "services:\n  - name: default\n    function: predict.predict\n");
        Files.writeString(project.resolve("requirements.txt"), requirements);
        Files.writeString(project.resolve("predict.py"), "def predict():\n    return {}\n");
        return project;
    }

    @Test
    void aPackageFromTheProjectsIndexIsInstalledBesideTheRuntimesOwn() throws Exception {
        Path project = projectWith("# what the project needs\nroro-it-pkg==1.0\npandas\nscikit-learn\n");
        ProjectSpec spec = ProjectSpecReader.read(project);
        BuildVersion build = platform.builder().build(spec, project, ORIGIN, line -> { });
        String imported = platform.docker().check(List.of("run", "--rm", "--network", "none", build.image(),
                "python3", "-c", "import roro_it_pkg, pandas, sklearn, joblib; print(roro_it_pkg.VALUE)")).strip();
        assertThat(imported).isEqualTo("from the team index");
    }

    @Test
    void withoutAnIndexInRoroYmlTheMachinesPipSettingReachesTheBuild() throws Exception {
        Path project = projectWith("roro-it-pkg==1.0\n", "");
        Path home = dir.resolve("user");
        Path conf = Files.createDirectories(home.resolve(".config/pip")).resolve("pip.conf");
        Files.writeString(conf, "[global]\nindex-url = " + indexUrl() + "\n");
        DockerPlatform configured = new DockerPlatform(platform.docker(), () -> lineage, dir.resolve("home"),
                Map.of("RORO_HOME", dir.resolve("home").toString(), "HOME", home.toString()));
        BuildVersion build = configured.builder().build(ProjectSpecReader.read(project), project, ORIGIN, line -> { });
        String imported = platform.docker().check(List.of("run", "--rm", "--network", "none", build.image(),
                "python3", "-c", "import roro_it_pkg; print(roro_it_pkg.VALUE)")).strip();
        assertThat(imported).isEqualTo("from the team index");
    }

    @Test
    void aPackageTheIndexLacksFailsTheBuildNamingItAndTheIndex() throws Exception {
        Path project = projectWith("roro-nowhere-pkg\n");
        ProjectSpec spec = ProjectSpecReader.read(project);
        assertThatThrownBy(() -> platform.builder().build(spec, project, ORIGIN, line -> { }))
                .hasMessageStartingWith("docker build failed: roro: roro-nowhere-pkg is not on http://127.0.0.1:"
                        + index.getAddress().getPort() + "/simple")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b["));
    }

    /** A pure-Python wheel of one module (PEP 427): the package, its METADATA, WHEEL and RECORD. */
    private static byte[] wheel(String name, String version, String code) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        String info = name + "-" + version + ".dist-info/";
        files.put(name + "/__init__.py", code.getBytes(StandardCharsets.UTF_8));
        files.put(info + "METADATA", ("Metadata-Version: 2.1\nName: " + name.replace('_', '-') + "\nVersion: "
                + version + "\n").getBytes(StandardCharsets.UTF_8));
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: roro-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            record.append(file.getKey()).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(file.getValue()))).append(',')
                    .append(file.getValue().length).append('\n');
        }
        record.append(info).append("RECORD,,\n");
        files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private static String sha256Hex(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
