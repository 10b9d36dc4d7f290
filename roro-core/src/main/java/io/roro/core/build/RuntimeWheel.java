package io.roro.core.build;

import io.roro.core.RoroVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The Python side of roro ({@code roro_runtime}: project, report, serve, ...) as a wheel, from the same files the
 * runtime image copies: {@code pip install} it, and a project's {@code python3 train.py} runs on a laptop as in the
 * image ({@code roro_runtime.project} reads params and writes the model to ./output there). Pure Python, no
 * dependencies: what serving needs (httptools, uvloop, gunicorn) is the image's, imported only when serving.
 */
public final class RuntimeWheel {
    private RuntimeWheel() {
    }

    /** Writes the wheel into {@code directory}; returns its path. */
    public static Path write(Path directory) {
        String version = pep440(RoroVersion.get());
        String name = "roro_runtime-" + version + "-py3-none-any.whl";
        String info = "roro_runtime-" + version + ".dist-info/";
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (BuildContext.ExtraFile file : RuntimeToolkit.python()) {
            try (InputStream in = file.content().openStream()) {
                files.put(file.path().replaceFirst("^\\.roro/", ""), in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.path() + " from the roro jar", e);
            }
        }
        files.put(info + "METADATA", ("Metadata-Version: 2.1\nName: roro-runtime\nVersion: " + version
                + "\nSummary: roro's Python side: params, metrics, model files, serving\nRequires-Python: >=3.9\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put(info + "WHEEL", "Wheel-Version: 1.0\nGenerator: roro\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        files.forEach((path, bytes) -> record.append(path).append(",sha256=").append(sha256(bytes)).append(',')
                .append(bytes.length).append('\n'));
        record.append(info).append("RECORD,,\n");
        files.put(info + "RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        Path wheel = directory.resolve(name);
        try {
            Files.createDirectories(directory);
            try (OutputStream out = Files.newOutputStream(wheel); ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    zip.putNextEntry(new ZipEntry(file.getKey()));
                    zip.write(file.getValue());
                    zip.closeEntry();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + wheel + ": " + e.getMessage(), e);
        }
        return wheel;
    }

    /** roro's version as pip reads versions: {@code 0.1.0-SNAPSHOT} is {@code 0.1.0.dev0}. */
    static String pep440(String version) {
        return version.replace("-SNAPSHOT", ".dev0").replaceAll("[^0-9A-Za-z.]", ".");
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
