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
 * envelope and JSON helpers, which map the lower layers' exceptions); plans.catalog (the catalog
 * engine: snapshots, digests, records, derivations, heap budget); plans (the plan endpoints, their
 * services and wire records); then the features. Dependencies run downwards only, the three lowest
 * layers and the catalog engine know nothing of HTTP, and the engine nothing of the wire side above it.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.planwatch");
    }

    /** {@code (**)} makes each package a slice of its own, a sub-package too: plans and plans.catalog are two. */
    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.planwatch.(**)").should().beFreeOfCycles().check(classes);
    }

    /** Each feature with its sub-packages as one slice: no cycle between features through a sub-package either. */
    @Test
    void featuresWithTheirSubPackagesHaveNoCycles() {
        slices().matching("dev.planwatch.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void layersRunOneWay() {
        ArchRule layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("config").definedBy("dev.planwatch.config..")
                .layer("workspace").definedBy("dev.planwatch.workspace..")
                .layer("registry").definedBy("dev.planwatch.registry..")
                .layer("api").definedBy("dev.planwatch.api..")
                .layer("catalog").definedBy("dev.planwatch.plans.catalog..")
                .layer("plans").definedBy("dev.planwatch.plans")
                .layer("features").definedBy("dev.planwatch.live..", "dev.planwatch.logs..", "dev.planwatch.worktrees..",
                        "dev.planwatch.dashboard..", "dev.planwatch.health..", "dev.planwatch.orchestrator..",
                        "dev.planwatch.security..", "dev.planwatch.notify..", "dev.planwatch.changes..",
                        "dev.planwatch.cluster..")
                .layer("main").definedBy("dev.planwatch")
                .whereLayer("main").mayNotBeAccessedByAnyLayer()
                .whereLayer("features").mayOnlyBeAccessedByLayers("main")
                .whereLayer("plans").mayOnlyBeAccessedByLayers("features", "main")
                .whereLayer("catalog").mayOnlyBeAccessedByLayers("plans", "features", "main")
                .whereLayer("api").mayOnlyBeAccessedByLayers("plans", "features", "main")
                .whereLayer("registry").mayOnlyBeAccessedByLayers("api", "catalog", "plans", "features", "main")
                .whereLayer("workspace").mayOnlyBeAccessedByLayers("registry", "api", "catalog", "plans", "features", "main")
                .whereLayer("config").mayOnlyBeAccessedByLayers("workspace", "registry", "api", "catalog", "plans", "features", "main");
        layers.check(classes);
    }

    @Test
    void theLowLayersKnowNothingOfHttp() {
        noClasses().that().resideInAnyPackage("dev.planwatch.config..", "dev.planwatch.workspace..", "dev.planwatch.registry..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "io.vertx.core.http..", "io.vertx.ext.web..",
                        "io.quarkus.websockets..", "org.jboss.resteasy..", "dev.planwatch.api..")
                .check(classes);
    }

    /**
     * The engine is what the endpoints read, never the other way: it knows neither the plan
     * endpoints, their services and wire records, nor the error envelope, nor HTTP.
     */
    @Test
    void theCatalogEngineKnowsNothingOfTheWireOrHttp() {
        noClasses().that().resideInAPackage("dev.planwatch.plans.catalog..")
                .should().dependOnClassesThat().resideInAPackage("dev.planwatch.plans")
                .orShould().dependOnClassesThat().resideInAnyPackage("dev.planwatch.api..", "jakarta.ws.rs..",
                        "io.vertx.core.http..", "io.vertx.ext.web..", "io.quarkus.websockets..", "org.jboss.resteasy..",
                        "org.eclipse.microprofile.openapi..", "io.smallrye.mutiny..")
                .check(classes);
    }

    /**
     * The Kubernetes client is the cluster launcher's alone: the local launcher reaches the cluster
     * code only through {@code orchestrator.RemoteLauncher}, so a laptop never builds a client.
     */
    @Test
    void onlyTheClusterLauncherKnowsKubernetes() {
        noClasses().that().resideOutsideOfPackage("dev.planwatch.cluster..")
                .should().dependOnClassesThat().resideInAnyPackage("io.fabric8..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("dev.planwatch.cluster..")
                .should().dependOnClassesThat().resideInAPackage("dev.planwatch.cluster..")
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
