package io.roro.core.contract;

import java.util.Optional;

/**
 * The git state of a project directory when something was built or trained. The remote is stored without
 * credentials, so a token in {@code https://user:token@host} never reaches lineage.
 */
public record GitInfo(String commit, Optional<String> branch, Optional<String> remote, boolean dirty) {
    public String shortCommit() {
        return commit.length() > 12 ? commit.substring(0, 12) : commit;
    }
}
