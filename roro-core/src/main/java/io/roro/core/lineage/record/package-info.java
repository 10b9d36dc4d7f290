/** Lineage's plain records that only lineage's readers use (the ones clients read are in the contract). */
package io.roro.core.lineage.record;
