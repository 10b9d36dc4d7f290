/**
 * The contract between the {@code roro} command and what reads its {@code --json} (the Jenkins plugin, scripts, the
 * UI's JSON API): the records each command prints, the lineage references and ids they carry, and one mapper to
 * write and read them. Plain records that know no store, operation or platform; their JSON is pinned by golden
 * files in the tests.
 */
package io.roro.core.contract;
