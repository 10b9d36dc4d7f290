package io.roro.core.lineage;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bson.Document;

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
            at = Docs.millis(at);
        }

        Document toDocument() {
            return new Document("version", version.orElse(null)).append("at", Date.from(at))
                    .append("origin", origin.toDocument());
        }

        static Move from(Document d) {
            return new Move(Optional.ofNullable(d.getString("version")), d.getDate("at").toInstant(),
                    Origin.from(d.get("origin", Document.class)));
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

    static ModelAlias from(Document d) {
        return new ModelAlias(d.getString("model"), d.getString("alias"), Optional.ofNullable(d.getString("version")),
                d.getList("history", Document.class, List.of()).stream().map(Move::from).toList());
    }
}
