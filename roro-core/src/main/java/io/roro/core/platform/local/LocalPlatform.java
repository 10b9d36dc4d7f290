package io.roro.core.platform.local;

import io.roro.core.build.ProjectBuilder;
import io.roro.core.lineage.Lineage;
import io.roro.core.platform.ConfigVarStore;
import io.roro.core.platform.HomeConfigVars;
import io.roro.core.platform.Platform;
import io.roro.core.platform.PlatformContext;
import io.roro.core.platform.PlatformProvider;
import io.roro.core.platform.ServiceRuntime;
import io.roro.core.platform.TrainingRuntime;
import java.util.function.Supplier;

/**
 * This machine without a container engine ("No Docker: local processes"): a project's build is a Python
 * environment made for it in the roro home, trainings and runs are child processes told what a container is told,
 * services are roro's serving app under gunicorn behind an nginx router on 127.0.0.1 with the same live gate as
 * the Docker target. For laptops and Jenkins agents without Docker; what a process cannot be given (a GPU, limits,
 * no network, an image of its own) is refused naming the target that can.
 */
public final class LocalPlatform implements Platform {
    public static final String NAME = "local";

    private final LocalSettings settings;
    private final LocalBuilder builder;
    private final LocalTrainings trainings;
    private final LocalServices services;

    LocalPlatform(LocalSettings settings, Supplier<Lineage> lineage) {
        this.settings = settings;
        this.builder = new LocalBuilder(settings, () -> lineage.get().projects());
        this.trainings = new LocalTrainings(settings, () -> lineage.get().artifacts());
        this.services = new LocalServices(settings, () -> lineage.get().artifacts());
    }

    /** Settings: {@code python} (the interpreter environments are made from), {@code nginx}; no builder choice. */
    public static final class Provider implements PlatformProvider {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "processes of this machine, no Docker";
        }

        @Override
        public Platform open(PlatformContext context) {
            String builder = context.setting("builder").orElse("local");
            if (!builder.equals("local") && !builder.equals("docker")) {
                throw new IllegalArgumentException("--builder " + builder + " builds images: the local target"
                        + " makes a Python environment; leave --builder out");
            }
            return new LocalPlatform(LocalSettings.of(context), context.lineage());
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectBuilder builder() {
        return builder;
    }

    @Override
    public TrainingRuntime trainings() {
        return trainings;
    }

    @Override
    public ServiceRuntime services() {
        return services;
    }

    @Override
    public ConfigVarStore configVars(String project) {
        return HomeConfigVars.of(settings.roroHome(), project);
    }
}
