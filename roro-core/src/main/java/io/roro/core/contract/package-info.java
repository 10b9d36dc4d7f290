/**
 * The contract between the {@code roro} command and what reads its {@code --json} (the Jenkins plugin): the records
 * each command prints and one mapper to write and read them.
 */
package io.roro.core.contract;
