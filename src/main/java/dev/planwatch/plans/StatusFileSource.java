package dev.planwatch.plans;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.plans.catalog.PlanView;
import dev.planwatch.workspace.StatusReadGate;
import dev.planwatch.workspace.Workspace;

import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A plan's status.json as it is on disk, byte for byte: what a hub copies from a run's sidecar into
 * its mirror, so the hub reads exactly the file the orchestrator wrote. The file is the one the plan
 * views read (its worktree's while the plan runs there), inside the workspace, read without
 * following a link and at most {@code planwatch.status-max-size} bytes.
 */
@ApplicationScoped
public class StatusFileSource {

    private final PlanService plans;
    private final Workspace workspace;
    private final StatusReadGate gate;

    public StatusFileSource(PlanService plans, Workspace workspace, StatusReadGate gate) {
        this.plans = plans;
        this.workspace = workspace;
        this.gate = gate;
    }

    /** The bytes of plan {@code name}'s status.json; blocking. */
    public byte[] read(String name) {
        PlanView view = plans.require(plans.snapshot(), name);
        ApiException none = new ApiException(ErrorCode.STATUS_NOT_FOUND, "Plan " + name + " has no status.json yet",
                Map.of("plan", name));
        if (!view.hasStatus()) {
            throw none;
        }
        Path file = workspace.containedFile(workspace.resolve(view.statusFile())).orElseThrow(() -> none);
        return gate.around(file, () -> {
            try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8L, gate.maxBytes() + 1));
                if (bytes.length > gate.maxBytes()) {
                    throw new ApiException(ErrorCode.STATUS_TOO_LARGE, "The status.json of plan " + name + " is larger than "
                            + gate.maxBytes() + " bytes (planwatch.status-max-size)", Map.of("plan", name));
                }
                return bytes;
            } catch (IOException e) {
                throw none;
            }
        });
    }
}
