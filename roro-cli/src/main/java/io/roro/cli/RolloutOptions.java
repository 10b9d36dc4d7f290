package io.roro.cli;

import picocli.CommandLine.Command;

/**
 * Marks a command that rolls a service out (deploy, serve): it takes the targets' rollout settings (a cluster's
 * rollout timeout), which {@link ProviderOptions} adds as options.
 */
@Command
final class RolloutOptions {
}
