package io.roro.core.lineage.search;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.model.Filters;
import io.roro.core.lineage.database.FilterException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.Document;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.DocumentCodec;
import org.bson.conversions.Bson;

/**
 * The search of model versions, one grammar for the command line, the UI and the API
 * ({@code metrics.auc > 0.7 and params.max_depth = 3 and dataset = credit-data:v2 and created > 2026-12-01}):
 * parsed by ANTLR (VersionQuery.g4) and turned into a query of roro's own making on the version records' fields;
 * what a user writes never reaches the store as a query. A mistake is refused with its column.
 */
public final class VersionSearch {
    /** The fields there are, as a mistake lists them. */
    static final String FIELDS = "metrics.NAME, params.NAME, tags.NAME, dataset, training, build, created, state,"
            + " version";

    /** The versions tagged {@code key = value}: tags live beside the versions, in their own records. */
    public interface Tags {
        List<String> tagged(String key, String value);

        Tags NONE = (key, value) -> {
            throw new FilterException("tags are searched where the store is open (the command line, the UI)", null);
        };
    }
    private static final Pattern VERSION = Pattern.compile("v[0-9]+");

    private VersionSearch() {
    }

    /** The query of {@code text} (all versions for blank text); a {@link FilterException} saying where it is wrong. */
    public static Document filter(String text) {
        return filter(text, Tags.NONE);
    }

    /** As {@link #filter(String)}, {@code tags.NAME} conditions answered by {@code tags}. */
    public static Document filter(String text, Tags tags) {
        if (text == null || text.isBlank()) {
            return new Document();
        }
        if (text.strip().startsWith("{")) {
            throw new FilterException("a search is written as conditions such as metrics.auc > 0.8 and"
                    + " params.max_depth = 3, not as a JSON query", null);
        }
        VersionQueryLexer lexer = new VersionQueryLexer(CharStreams.fromString(text));
        VersionQueryParser parser = new VersionQueryParser(new CommonTokenStream(lexer));
        lexer.removeErrorListeners();
        parser.removeErrorListeners();
        parser.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object offending, int line, int column, String msg,
                    RecognitionException e) {
                String near = offending instanceof Token token && token.getType() != Token.EOF
                        ? " at '" + token.getText() + "'" : offending instanceof Token ? " at the end" : "";
                throw new FilterException("search column " + (column + 1) + near + ": " + msg + " (write conditions"
                        + " such as metrics.auc > 0.8 and dataset = credit-data:v2)", e);
            }
        });
        List<Bson> conditions = new ArrayList<>();
        for (VersionQueryParser.ConditionContext c : parser.query().condition()) {
            conditions.add(condition(c, tags));
        }
        Bson all = conditions.size() == 1 ? conditions.get(0) : Filters.and(conditions);
        BsonDocument query = all.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
        return new DocumentCodec().decode(new BsonDocumentReader(query), DecoderContext.builder().build());
    }

    private static Bson condition(VersionQueryParser.ConditionContext c, Tags tags) {
        String field = c.field.getText();
        String op = c.comparator().getText();
        VersionQueryParser.ValueContext v = c.value();
        int column = c.field.getCharPositionInLine() + 1;
        if (field.startsWith("tags.") && field.length() > "tags.".length()) {
            List<String> ids = tags.tagged(field.substring("tags.".length()), text(v));
            return switch (op) {
                case "=", "==" -> Filters.in("_id", ids);
                case "!=" -> Filters.nin("_id", ids);
                default -> throw new FilterException("search column " + column + ": a tag is compared with = or !=,"
                        + " not " + op, null);
            };
        }
        if (field.startsWith("metrics.") && field.length() > "metrics.".length()) {
            return compare(field, op, literal(v), column);
        }
        if (field.startsWith("params.") && field.length() > "params.".length()) {
            return compare("snapshot.training." + field, op, literal(v), column);
        }
        return switch (field.toLowerCase(Locale.ROOT)) {
            case "dataset" -> reference("dataset", op, text(v), column, true);
            case "training" -> reference("training", op, text(v), column, false);
            case "build" -> reference("build_version", op, text(v), column, false);
            case "created" -> compare("created_at", op, time(v, column), column);
            case "state" -> equality("state", op, text(v).toUpperCase(Locale.ROOT), column);
            case "version" -> equality("version", op, version(text(v), column), column);
            default -> throw new FilterException("search column " + column + ": no field '" + field + "'; fields: "
                    + FIELDS, null);
        };
    }

    /** A number as a number, anything else as its text. */
    private static Object literal(VersionQueryParser.ValueContext v) {
        if (v.NUMBER() != null) {
            double d = Double.parseDouble(v.getText());
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : d;
        }
        return text(v);
    }

    private static String text(VersionQueryParser.ValueContext v) {
        String raw = v.getText();
        if (v.STRING() != null) {
            return raw.substring(1, raw.length() - 1).replaceAll("\\\\(.)", "$1");
        }
        return raw;
    }

    private static Bson compare(String field, String op, Object value, int column) {
        if (!(value instanceof Number || value instanceof Date) && !(op.startsWith("=") || op.equals("!="))) {
            throw new FilterException("search column " + column + ": " + op + " compares numbers or times, not '"
                    + value + "'", null);
        }
        if (value instanceof Number n) {
            // a whole number matches 3 and 3.0 alike
            return switch (op) {
                case "=", "==" -> Filters.or(Filters.eq(field, n.longValue()), Filters.eq(field, n.doubleValue()));
                case "!=" -> Filters.and(Filters.ne(field, n.longValue()), Filters.ne(field, n.doubleValue()));
                case ">" -> Filters.gt(field, n.doubleValue());
                case ">=" -> Filters.gte(field, n.doubleValue());
                case "<" -> Filters.lt(field, n.doubleValue());
                default -> Filters.lte(field, n.doubleValue());
            };
        }
        return switch (op) {
            case "=", "==" -> Filters.eq(field, value);
            case "!=" -> Filters.ne(field, value);
            case ">" -> Filters.gt(field, value);
            case ">=" -> Filters.gte(field, value);
            case "<" -> Filters.lt(field, value);
            default -> Filters.lte(field, value);
        };
    }

    private static Bson equality(String field, String op, String value, int column) {
        return switch (op) {
            case "=", "==" -> Filters.eq(field, value);
            case "!=" -> Filters.ne(field, value);
            default -> throw new FilterException("search column " + column + ": " + field + " is compared with = or"
                    + " !=, not " + op, null);
        };
    }

    /**
     * A record another one names ({@code dataset = credit-data:v2}): its whole id, or the end of it after a colon
     * (the model or project left out); a dataset without a version is any of its versions.
     */
    private static Bson reference(String field, String op, String value, int column, boolean versioned) {
        String end = Pattern.quote(value);
        String pattern = "(^|:)" + end + (versioned && !value.matches(".*:v[0-9]+") ? "(:v[0-9]+)?$" : "$");
        Bson matches = Filters.regex(field, pattern);
        return switch (op) {
            case "=", "==" -> matches;
            case "!=" -> Filters.not(matches);
            default -> throw new FilterException("search column " + column + ": " + field + " is compared with = or"
                    + " !=, not " + op, null);
        };
    }

    private static String version(String value, int column) {
        String v = value.contains(":") ? value.substring(value.lastIndexOf(':') + 1) : value;
        if (!VERSION.matcher(v).matches()) {
            throw new FilterException("search column " + column + ": a version is vN, not " + value, null);
        }
        return v;
    }

    /** 2026-12-01 (midnight UTC), 2026-12-01T10:00:00Z, 2026-12-01 10:00:00+01:00, as printed. */
    private static Date time(VersionQueryParser.ValueContext v, int column) {
        String text = text(v).strip().replace(' ', 'T');
        try {
            Instant at;
            if (text.length() == 10) {
                at = LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
            } else if (text.endsWith("Z") || text.matches(".*[+-][0-9]{2}:[0-9]{2}$")) {
                at = OffsetDateTime.parse(text.endsWith("Z") && text.length() == 17 ? text.replace("Z", ":00Z")
                        : text).toInstant();
            } else {
                at = LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            }
            return Date.from(at);
        } catch (DateTimeParseException e) {
            throw new FilterException("search column " + column + ": created is compared with a time such as"
                    + " 2026-12-01 or 2026-12-01T10:00:00Z, not " + v.getText(), e);
        }
    }
}
