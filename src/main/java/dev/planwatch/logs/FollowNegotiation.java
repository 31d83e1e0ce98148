package dev.planwatch.logs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Makes {@code ?follow=} decide between the JSON tail and the SSE stream, as in the original API:
 * {@code follow=true} streams whatever the client's {@code Accept} (curl sends {@code *}{@code /*});
 * any other value answers JSON (the resource rejects values other than {@code false}); without
 * {@code follow}, only a client that asks for {@code text/event-stream} explicitly gets the stream.
 */
public class FollowNegotiation {

    @ServerRequestFilter(preMatching = true)
    public void chooseRepresentation(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().endsWith("/logs")) {
            return;
        }
        String follow = request.getUriInfo().getQueryParameters().getFirst("follow");
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        boolean stream = follow == null
                ? accept != null && accept.contains(MediaType.SERVER_SENT_EVENTS)
                : follow.equals("true");
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, stream ? MediaType.SERVER_SENT_EVENTS : MediaType.APPLICATION_JSON);
    }
}
