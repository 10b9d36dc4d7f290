package io.roro.core.lineage.database;

import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.exception.MongoServerException;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import io.netty.buffer.Unpooled;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;

/**
 * A MongoDB query evaluated on documents already read, by the embedded server's own matcher on the documents as
 * that server decodes them: the same answers it would give, without the full-collection read it does for any query
 * that is not on {@code _id} alone. Only for the embedded store; a real MongoDB evaluates queries itself.
 */
final class LocalQueryMatcher {
    private static final DocumentCodec CODEC = new DocumentCodec();

    private final DefaultQueryMatcher matcher = new DefaultQueryMatcher();
    private final de.bwaldvogel.mongo.bson.Document query;

    LocalQueryMatcher(Document query) {
        this.query = asServerSees(query);
    }

    boolean matches(Document document) {
        try {
            return matcher.matches(asServerSees(document), query);
        } catch (MongoServerException | IllegalArgumentException | UnsupportedOperationException e) {
            // the embedded server's words, without its error code ("[Error 2] unknown operator: $nope")
            throw new FilterException(String.valueOf(e.getMessage()).replaceFirst("^\\[Error \\d+\\]\\s*", ""), e);
        }
    }

    private static de.bwaldvogel.mongo.bson.Document asServerSees(Document document) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(new RawBsonDocument(document, CODEC).getByteBuffer()
                .asNIO()));
    }
}
