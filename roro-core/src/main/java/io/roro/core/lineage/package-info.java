/** Lineage as its readers use it: the stores together ({@link io.roro.core.lineage.Lineage}), walks both ways, search. */
package io.roro.core.lineage;
