package io.roro.core.platform;

import io.roro.core.secrets.SecretMask;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Where one project's config vars are kept for a target: a file of this roro home ({@link HomeConfigVars}) for Docker and local processes,
 * a Secret for a cluster. Names can be listed; values only go in.
 */
public interface ConfigVarStore {
    List<String> names();

    /**
     * The values, for one purpose only: to mask them in everything roro prints, stores or hands on (what a
     * training or service prints of them). Never shown.
     */
    List<String> secrets();

    /** A mask of {@link #secrets()}; none when they cannot be read here (then nothing of them was passed on). */
    default SecretMask mask() {
        try {
            return SecretMask.of(secrets());
        } catch (RuntimeException e) {
            return SecretMask.none();
        }
    }

    /** Sets vars, all or none (every name and value is checked first, see {@link ConfigVarRules#check}). */
    void set(Map<String, String> vars);

    /** Removes vars; returns the names that were set. */
    List<String> unset(Collection<String> names);
}
