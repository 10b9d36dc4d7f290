package io.roro.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The CLI translates arguments and output: it chooses a platform once and never branches per target. */
class ArchitectureTest {
    private static final JavaClasses CLI = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.roro.cli");

    @Test
    void noPackageCycles() {
        slices().matching("io.roro.cli.(**)").should().beFreeOfCycles().check(CLI);
    }

    @Test
    void commandsUseThePlatformInterfaceOnly() {
        // k8s pod-template prints Kubernetes objects and build-context stages a Docker context: tools for one
        // target by their nature, not a choice of target
        noClasses().that().resideInAPackage("io.roro.cli..")
                .and().haveNameNotMatching("io\\.roro\\.cli\\.(K8sCommand|WarmUpCommand|BuildContextCommand)(\\$.*)?")
                .should().dependOnClassesThat().resideInAnyPackage("io.roro.core.platform.docker..",
                        "io.roro.core.platform.kubernetes..", "io.fabric8..")
                .check(CLI);
    }
}
