package dev.planwatch.health;

import dev.planwatch.live.ChangeDetector;
import dev.planwatch.plans.catalog.PlanCatalog;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.nio.file.Files;

/**
 * Ready once the first scan of the workspace is complete and while the workspace can be read;
 * reports how long that scan took, how changes are detected and how many were seen (to a caller
 * that may see details: {@link ProbeDetails}), and never an absolute path.
 */
@Readiness
@ApplicationScoped
public class WorkspaceHealth implements HealthCheck {

    private final Workspace workspace;
    private final ChangeDetector detector;
    private final PlanCatalog catalog;

    public WorkspaceHealth(Workspace workspace, ChangeDetector detector, PlanCatalog catalog) {
        this.workspace = workspace;
        this.detector = detector;
        this.catalog = catalog;
    }

    @Override
    public HealthCheckResponse call() {
        boolean readable = Files.isDirectory(workspace.root()) && Files.isReadable(workspace.root());
        long firstScan = detector.firstScanMillis();
        // The directory's name only: an absolute path tells a caller about the machine, not about health.
        return HealthCheckResponse.named("workspace").status(readable && firstScan >= 0)
                .withData("workspace", String.valueOf(workspace.root().getFileName()))
                .withData("scanned", firstScan >= 0)
                .withData("firstScanMs", firstScan)
                .withData("plans", firstScan >= 0 ? catalog.snapshot().plans().size() : 0)
                .withData("detector", detector.mode().name())
                .withData("watchedDirectories", detector.watchedDirectories())
                .withData("changesSeen", detector.changesSeen())
                .build();
    }
}
