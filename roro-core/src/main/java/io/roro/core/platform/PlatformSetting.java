package io.roro.core.platform;

import java.util.Optional;

/**
 * A setting a platform takes from whoever opens it (the command line's options, their environment variables, the
 * Jenkins configuration), declared by its {@link PlatformProvider} so that those front doors list it without
 * naming the platform: a new target's settings reach `--help` and the command line with no edit there.
 *
 * @param name        its key in {@link PlatformContext#settings()}
 * @param option      the command line's option ({@code --registry})
 * @param label       the option's value in help ({@code REGISTRY})
 * @param variable    the environment variable that gives it when the option is not typed ({@code RORO_REGISTRY})
 * @param whenDefault the key a value from the variable goes under instead of {@code name}, when a typed value
 *                    must be told apart (a Jenkins-wide builder is a default for the target that knows it; only a
 *                    typed one is a choice another target must refuse)
 * @param description what it does and its default
 * @param scope       which commands take it
 */
public record PlatformSetting(String name, String option, String label, Optional<String> variable,
        Optional<String> whenDefault, String description, Scope scope) {

    /** Which commands take a setting. */
    public enum Scope {
        /** every command that names a target (where lineage says things run, ps, logs, config vars) */
        EVERY,
        /** commands that build the project image or start something from it (deploy, serve, train, run, ...) */
        BUILDS,
        /** commands that roll a service out (deploy, serve) */
        ROLLOUTS
    }

    /** A setting that goes under its own name whatever gives it. */
    public static PlatformSetting of(String name, String option, String label, Optional<String> variable,
            String description, Scope scope) {
        return new PlatformSetting(name, option, label, variable, Optional.empty(), description, scope);
    }
}
