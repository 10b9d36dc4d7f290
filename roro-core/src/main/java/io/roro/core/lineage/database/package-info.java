/**
 * The lineage database: MongoDB or the embedded server (one per roro home, owner-only), the collections and their
 * indexes, the write order every store follows, numbered series and bounded scans.
 */
package io.roro.core.lineage.database;
