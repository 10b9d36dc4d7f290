package io.roro.cli;

import picocli.CommandLine.Option;

/**
 * What a container of the project image gets besides the code, for `run` and `notebook`: its profile's resources,
 * a dataset at RORO_DATA_DIR, a model version at RORO_MODEL_DIR (as trainings and services find theirs).
 */
final class InputsOptions {
    @Option(names = "--profile", description = "A profile of roro.yml or a built-in size (default: default).")
    String profile;
    @Option(names = "--dataset", paramLabel = "MODEL:NAME[:VERSION]", description = "A dataset at RORO_DATA_DIR, its"
            + " newest version unless one is given (NAME alone: of the model it works on, --publish's for run,"
            + " roro.yml's only model for notebook).")
    String dataset;
    @Option(names = "--version", paramLabel = "MODEL:VERSION", description = "A model version whose files are at"
            + " RORO_MODEL_DIR (for run also RORO_PRETRAINED_DIR: a published output is fine-tuned from it).")
    String version;
}
