package io.roro.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every module of the Python runtime reaches the images: a module left off the list is an ImportError in a container. */
class RuntimeToolkitTest {
    @Test
    void theListNamesEveryModuleOfTheRuntime() throws Exception {
        try (Stream<Path> modules = Files.list(Path.of("..", "agent-images", "runtime-python", "roro_runtime"))) {
            assertThat(RuntimeToolkit.FILES).containsAll(modules.filter(p -> p.toString().endsWith(".py"))
                    .map(p -> "roro_runtime/" + p.getFileName()).toList());
        }
    }
}
