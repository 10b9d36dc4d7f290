/**
 * A store per aggregate (projects and builds, models and versions, datasets, trainings, deployments, quarantines)
 * and the mapping of its records to documents: the only place a record meets BSON.
 */
package io.roro.core.lineage.store;
