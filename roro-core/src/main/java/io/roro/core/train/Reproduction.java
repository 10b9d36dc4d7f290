package io.roro.core.train;

import io.roro.core.contract.ModelVersion;
import io.roro.core.contract.StoredFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * How a reproduction of a model version came out: each file by its sha256, each metric within a relative
 * tolerance, and what most likely made a difference.
 *
 * @param tolerance how far a metric may be from the original's, relative to it (absolute below 1)
 */
public record Reproduction(ModelVersion original, ModelVersion reproduction, List<FileComparison> files,
        List<MetricComparison> metrics, double tolerance) {

    public Reproduction {
        files = List.copyOf(files);
        metrics = List.copyOf(metrics);
    }

    /** A file of either version: its sha256 in each (empty where it is not). */
    public record FileComparison(String name, Optional<String> original, Optional<String> reproduced) {
        public boolean same() {
            return original.isPresent() && original.equals(reproduced);
        }
    }

    /** A metric of either version and whether the reproduction's is within the tolerance of the original's. */
    public record MetricComparison(String name, Optional<Object> original, Optional<Object> reproduced,
            boolean within) {
    }

    static Reproduction of(ModelVersion original, ModelVersion reproduction, double tolerance) {
        List<FileComparison> files = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>();
        original.files().forEach(f -> names.add(f.name()));
        reproduction.files().forEach(f -> names.add(f.name()));
        for (String name : names) {
            files.add(new FileComparison(name, original.file(name).map(StoredFile::sha256),
                    reproduction.file(name).map(StoredFile::sha256)));
        }
        List<MetricComparison> metrics = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(original.metrics().keySet());
        keys.addAll(reproduction.metrics().keySet());
        for (String key : keys) {
            Optional<Object> a = Optional.ofNullable(original.metrics().get(key));
            Optional<Object> b = Optional.ofNullable(reproduction.metrics().get(key));
            metrics.add(new MetricComparison(key, a, b, a.isPresent() && b.isPresent() && close(a.get(), b.get(),
                    tolerance)));
        }
        return new Reproduction(original, reproduction, files, metrics, tolerance);
    }

    private static boolean close(Object a, Object b, double tolerance) {
        if (a instanceof Number x && b instanceof Number y) {
            double d = Math.abs(x.doubleValue() - y.doubleValue());
            return d <= tolerance * Math.max(1.0, Math.abs(x.doubleValue()));
        }
        return Objects.equals(a, b);
    }

    public boolean filesIdentical() {
        return files.stream().allMatch(FileComparison::same);
    }

    public boolean metricsWithin() {
        return metrics.stream().allMatch(MetricComparison::within);
    }

    /** What most likely made the difference, when there is one (the image, the data and the params were the same). */
    public Optional<String> likelyCause() {
        if (filesIdentical()) {
            return Optional.empty();
        }
        if (!metricsWithin()) {
            return Optional.of("the same image, data and parameters gave other numbers: a random state left unseeded"
                    + " (numpy, random, scikit-learn's random_state), threads summing in another order, or the clock");
        }
        return Optional.of("the files differ but not the metrics: a format that records when or where it was written"
                + " (a timestamp, an object id in a pickle), or randomness that does not change the results");
    }

    /** The report as lines for a terminal. */
    public String text() {
        StringBuilder out = new StringBuilder(reproduction.id() + " reproduces " + original.id() + ": "
                + (filesIdentical() ? "files bit-identical" : "files differ") + ", "
                + (metricsWithin() ? "metrics within " + String.format(Locale.ROOT, "%g", tolerance)
                        : "metrics differ") + "\n");
        files.stream().filter(f -> !f.same()).forEach(f -> out.append("  file ").append(f.name()).append(": ")
                .append(f.original().map(Reproduction::shortHash).orElse("none")).append(" -> ")
                .append(f.reproduced().map(Reproduction::shortHash).orElse("none")).append('\n'));
        metrics.stream().filter(m -> !m.within()).forEach(m -> out.append("  metric ").append(m.name())
                .append(": ").append(m.original().map(String::valueOf).orElse("none")).append(" -> ")
                .append(m.reproduced().map(String::valueOf).orElse("none")).append('\n'));
        likelyCause().ifPresent(c -> out.append("  likely: ").append(c).append('\n'));
        return out.toString();
    }

    private static String shortHash(String sha256) {
        return "sha256:" + sha256.substring(0, Math.min(12, sha256.length()));
    }
}
