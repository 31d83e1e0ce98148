package dev.planwatch.health;

import dev.planwatch.workspace.Timestamps;

import io.quarkus.runtime.annotations.RegisterForReflection;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The original servers' {@code /health}, kept for clients that probe it; {@code /q/health} has the details. */
@Path("/health")
public class HealthResource {

    @RegisterForReflection
    public record Health(String status, String timestamp) {
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Health health() {
        return new Health("ok", Timestamps.now());
    }
}
