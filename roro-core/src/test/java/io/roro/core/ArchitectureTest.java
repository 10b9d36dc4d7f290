package io.roro.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering the README draws, checked on the compiled classes: operations over the Platform interface, each
 * platform on its own, lineage a leaf, no package cycles. A new dependency that breaks it fails here, naming it.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.roro.core");

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("io.roro.core.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void layersOnlyUseTheLayersBelowThem() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("ui").definedBy("io.roro.core.ui..")
                .layer("operations").definedBy("io.roro.core.deploy..", "io.roro.core.train..", "io.roro.core.serve..")
                .layer("platforms").definedBy("io.roro.core.platform.*..")
                .layer("routing").definedBy("io.roro.core.routing..")
                .layer("platform").definedBy("io.roro.core.platform")
                .layer("publish").definedBy("io.roro.core.publish..")
                .layer("build").definedBy("io.roro.core.build..")
                .layer("lineage").definedBy("io.roro.core.lineage..")
                .layer("artifacts").definedBy("io.roro.core.artifacts..")
                .layer("spec").definedBy("io.roro.core.spec..", "io.roro.core.schedule..")
                .whereLayer("ui").mayNotBeAccessedByAnyLayer()
                .whereLayer("operations").mayOnlyBeAccessedByLayers("ui")
                .whereLayer("platforms").mayNotBeAccessedByAnyLayer()
                .whereLayer("routing").mayOnlyBeAccessedByLayers("platforms")
                .whereLayer("platform").mayOnlyBeAccessedByLayers("operations", "platforms")
                .whereLayer("publish").mayOnlyBeAccessedByLayers("operations")
                .whereLayer("build").mayOnlyBeAccessedByLayers("operations", "platforms", "platform")
                .whereLayer("lineage").mayOnlyBeAccessedByLayers("ui", "operations", "platforms",
                        "platform", "routing", "publish", "build")
                .whereLayer("artifacts").mayOnlyBeAccessedByLayers("ui", "operations", "platforms", "publish",
                        "lineage")
                .check(CORE);
    }

    /**
     * What the command prints and its clients read (the Jenkins plugin, scripts, the UI's JSON API) is records of
     * their own: they know no store, no operation and no platform, so a client reads them without the rest of roro
     * behind them. A model's record carries the file template roro.yml declared, as spec/ reads it.
     */
    @Test
    void theContractIsRecordsThatKnowNothingElse() {
        classes().that().resideInAPackage("io.roro.core.contract..").should().onlyDependOnClassesThat()
                .resideInAnyPackage("io.roro.core.contract..", "io.roro.core.secrets..", "io.roro.core.spec..",
                        "io.roro.core", "java..", "com.fasterxml.jackson..")
                .check(CORE);
    }

    /** Lineage's records are plain: how they are kept in MongoDB is the stores' business alone. */
    @Test
    void recordsKnowNoDatabase() {
        noClasses().that().resideInAnyPackage("io.roro.core.contract..", "io.roro.core.lineage.record..")
                .should().dependOnClassesThat().resideInAnyPackage("org.bson..", "com.mongodb..",
                        "io.roro.core.lineage.store..", "io.roro.core.lineage.database..")
                .check(CORE);
    }

    /** Inside lineage: queries over stores, stores over the database and the records, the database below all. */
    @Test
    void lineageIsQueriesOverStoresOverTheDatabase() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("queries").definedBy("io.roro.core.lineage", "io.roro.core.lineage.search..")
                .layer("stores").definedBy("io.roro.core.lineage.store..")
                .layer("records").definedBy("io.roro.core.lineage.record..")
                .layer("database").definedBy("io.roro.core.lineage.database..")
                .whereLayer("queries").mayNotBeAccessedByAnyLayer()
                .whereLayer("stores").mayOnlyBeAccessedByLayers("queries")
                .whereLayer("records").mayOnlyBeAccessedByLayers("queries", "stores")
                .whereLayer("database").mayOnlyBeAccessedByLayers("queries", "stores")
                .check(CORE);
    }

    @Test
    void operationsDoNotKnowWhichPlatformRuns() {
        noClasses().that().resideInAnyPackage("io.roro.core.deploy..", "io.roro.core.train..", "io.roro.core.serve..")
                .should().dependOnClassesThat().resideInAnyPackage("io.roro.core.platform.*..", "io.fabric8..")
                .check(CORE);
    }

    /** The router every target runs is below the platforms, so the package trees never import each other. */
    @Test
    void routingKnowsNoPlatform() {
        noClasses().that().resideInAPackage("io.roro.core.routing..")
                .should().dependOnClassesThat().resideInAnyPackage("io.roro.core.platform..")
                .check(CORE);
    }

    @Test
    void thePlatformInterfaceKnowsNoneOfItsImplementations() {
        noClasses().that().resideInAPackage("io.roro.core.platform")
                .should().dependOnClassesThat().resideInAnyPackage("io.roro.core.platform.*..")
                .check(CORE);
    }

    /**
     * Each platform is a package of its own: one that needs another's work (a cluster built for by this machine's
     * engine) asks a provider for it by name.
     */
    @Test
    void noPlatformPackageUsesAnother() {
        slices().matching("io.roro.core.platform.(*)..").should().notDependOnEachOther().check(CORE);
    }
}
