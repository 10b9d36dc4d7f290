/** What counts as a secret and how it is masked, in arguments, URIs, logs and every recorded value. */
package io.roro.core.secrets;
