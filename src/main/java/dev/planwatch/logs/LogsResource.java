package dev.planwatch.logs;

import dev.planwatch.api.ApiException;
import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.workspace.Names;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.ResponseHeader;

/**
 * {@code GET /api/plans/{name}/logs}: the log's last lines as JSON, or with {@code ?follow=true}
 * (or {@code Accept: text/event-stream}) an SSE stream of every new line.
 */
@Path("/api/plans/{name}/logs")
@Tag(name = "logs")
public class LogsResource {

    private final LogService logs;

    public LogsResource(LogService logs) {
        this.logs = logs;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The last lines of orchestrator-<name>.log (read from the end of the file)")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.LOGS_NOT_FOUND, ErrorCode.LOGS_BUSY})
    public LogService.LogsResponse tail(@PathParam("name") String name, @QueryParam("lines") String lines,
                                        @QueryParam("since") String since, @QueryParam("follow") String follow) {
        Names.requirePlanName(name);
        if (follow != null && !follow.isEmpty() && !follow.equals("false")) {
            throw ApiException.invalid("follow must be true or false", "follow");
        }
        return logs.tail(name, lines, since);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ResponseHeader(name = "Cache-Control", value = "no-cache")
    @ResponseHeader(name = "X-Accel-Buffering", value = "no")
    @Operation(summary = "Follow the log as SSE: id = byte offset after the line; Last-Event-ID resumes there")
    @ErrorCodes({ErrorCode.INVALID_REQUEST, ErrorCode.LOGS_NOT_FOUND, ErrorCode.LOGS_BUSY})
    public void follow(@PathParam("name") String name, @QueryParam("lines") String lines,
                       @HeaderParam("Last-Event-ID") String lastEventId,
                       @Context SseEventSink sink, @Context Sse sse) {
        Names.requirePlanName(name);
        logs.follow(name, lines, lastEventId, sink, sse);
    }
}
