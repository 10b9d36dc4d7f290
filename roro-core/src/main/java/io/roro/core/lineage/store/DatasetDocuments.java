package io.roro.core.lineage.store;

import io.roro.core.contract.Dataset;
import org.bson.Document;

/** A dataset version as a document. */
public final class DatasetDocuments {
    private DatasetDocuments() {
    }

    public static Document of(Dataset ds) {
        return Docs.base(ds.id(), ds.createdAt(), ds.origin()).append("model", ds.model()).append("name", ds.name())
                .append("version", ds.version())
                .append("files", ds.files().stream().map(ModelDocuments::of).toList())
                .append("details", Docs.document(ds.details())).append("archived", ds.archived());
    }

    public static Dataset dataset(Document d) {
        return new Dataset(d.getString("model"), d.getString("name"), d.getString("version"),
                ModelDocuments.files(d), Docs.map(d, "details"), d.getBoolean("archived", false),
                Docs.instant(d, "created_at"), Docs.origin(d));
    }
}
