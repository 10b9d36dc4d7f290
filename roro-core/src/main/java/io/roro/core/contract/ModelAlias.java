package io.roro.core.contract;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A name that moves between a model's versions ("champion", "challenger"), as MLflow's registry aliases do; the
 * versions themselves stay immutable. Its every move is kept, with who and when.
 *
 * @param version the version it names now; empty once removed (its history stays)
 * @param history every move, oldest first
 */
public record ModelAlias(String model, String alias, Optional<String> version, List<Move> history) {

    /** One move: the version it came to name (empty: removed), when, by whom. */
    public record Move(Optional<String> version, Instant at, Origin origin) {
        public Move {
            at = RecordValues.millis(at);
        }
    }

    public ModelAlias {
        history = List.copyOf(history);
    }

    public String id() {
        return LineageIds.modelVersion(model, alias);
    }

    /** When it came to name its version (the last move). */
    public Optional<Move> last() {
        return history.isEmpty() ? Optional.empty() : Optional.of(history.get(history.size() - 1));
    }
}
