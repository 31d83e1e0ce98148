package dev.planwatch.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The package layers of docs/design.md, from the bottom: config; workspace (file layout, readers,
 * git's worktrees); registry (the orchestrator registry and process identity); api (the error
 * envelope and JSON helpers, which map the lower layers' exceptions); plans (catalog and
 * derivations); then the features. Dependencies run downwards only, and the three lowest layers know
 * nothing of HTTP.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.planwatch");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.planwatch.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersRunOneWay() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("dev.planwatch.config..")
                .layer("workspace").definedBy("dev.planwatch.workspace..")
                .layer("registry").definedBy("dev.planwatch.registry..")
                .layer("api").definedBy("dev.planwatch.api..")
                .layer("plans").definedBy("dev.planwatch.plans..")
                .layer("features").definedBy("dev.planwatch.live..", "dev.planwatch.logs..", "dev.planwatch.worktrees..",
                        "dev.planwatch.dashboard..", "dev.planwatch.health..", "dev.planwatch.orchestrator..",
                        "dev.planwatch.security..", "dev.planwatch.notify..", "dev.planwatch.changes..")
                .layer("main").definedBy("dev.planwatch")
                .whereLayer("main").mayNotBeAccessedByAnyLayer()
                .whereLayer("features").mayOnlyBeAccessedByLayers("main")
                .whereLayer("plans").mayOnlyBeAccessedByLayers("features", "main")
                .whereLayer("api").mayOnlyBeAccessedByLayers("plans", "features", "main")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("api", "plans", "features", "main")
                .whereLayer("workspace").mayOnlyBeAccessedByLayers("registry", "api", "plans", "features", "main")
                .whereLayer("config").mayOnlyBeAccessedByLayers("workspace", "registry", "api", "plans", "features", "main");
        layers.check(classes);
    }

    @Test
    void theLowLayersKnowNothingOfHttp() {
        noClasses().that().resideInAnyPackage("dev.planwatch.config..", "dev.planwatch.workspace..", "dev.planwatch.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx.core.http..", "io.vertx.ext.web..",
                        "io.quarkus.websockets..", "org.jboss.resteasy..", "dev.planwatch.api..")
                .check(classes);
    }

    @Test
    void theDemoOrchestratorUsesOnlyTheLowLayers() {
        noClasses().that().resideInAPackage("dev.planwatch.orchestrator.demo..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.planwatch.api..", "dev.planwatch.plans..",
                        "dev.planwatch.live..", "dev.planwatch.logs..", "dev.planwatch.dashboard..", "dev.planwatch.health..",
                        "dev.planwatch.worktrees..", "dev.planwatch.security..", "dev.planwatch.changes..")
                .orShould().dependOnClassesThat().resideInAPackage("dev.planwatch.orchestrator")
                .check(classes);
    }
}
