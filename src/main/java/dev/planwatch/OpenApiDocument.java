package dev.planwatch;

import dev.planwatch.api.ErrorCode;
import dev.planwatch.api.ErrorCodes;
import dev.planwatch.api.SocketDescription;
import dev.planwatch.live.AllPlansSocket;
import dev.planwatch.live.EventsSocket;
import dev.planwatch.live.OrchestratorSocket;
import dev.planwatch.live.PlanSocket;
import dev.planwatch.notify.NotificationsSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import io.quarkus.websockets.next.WebSocket;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The parts of the OpenAPI document that annotations on the endpoints cannot say by themselves:
 * <ul>
 * <li>every error an operation can answer, from the codes its method declares ({@link ErrorCodes}) and those
 * every API request can meet (token, Origin, Host; body type and size for a POST), one response
 * per HTTP status with the error envelope and that status's codes as an enum;</li>
 * <li>the messages of the WebSockets and of the log stream, as named schemas, and a path entry per
 * socket describing which messages it sends (OpenAPI has no operation for a WebSocket).</li>
 * </ul>
 * Runs once, when the application is built: the package carries the finished document, and a start
 * does not run the filter again. The named schemas are declared on {@link PlanwatchApi}.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiDocument implements OASFilter {

    private static final String JSON = "application/json";
    /** What every request under /api/ can meet before it reaches its endpoint. */
    private static final List<ErrorCode> EVERY_API_REQUEST = List.of(ErrorCode.AUTH_REQUIRED, ErrorCode.FORBIDDEN_ORIGIN,
            ErrorCode.FORBIDDEN_HOST);
    private static final List<ErrorCode> EVERY_POST = List.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, ErrorCode.PAYLOAD_TOO_LARGE);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            Set<ErrorCode> codes = new LinkedHashSet<>();
            resourceMethod(operation).ifPresent(resource -> {
                ErrorCodes declared = resource.getAnnotation(ErrorCodes.class);
                if (declared != null) {
                    codes.addAll(List.of(declared.value()));
                }
                // The id was only the way back to the method: the document names no operation ids.
                operation.setOperationId(null);
            });
            if (path.startsWith("/api/")) {
                codes.addAll(EVERY_API_REQUEST);
                if (method == PathItem.HttpMethod.POST) {
                    codes.addAll(EVERY_POST);
                }
            }
            addErrors(operation, codes);
        }));
        describeLogStream(openAPI);
        describeSockets(openAPI);
        describeNotificationWebhook(openAPI);
        addExamples(openAPI);
    }

    /**
     * What planwatch POSTs to {@code planwatch.notify.webhook.url}: a NotificationEvent, with the
     * headers a receiver checks (an OpenAPI 3.1 webhook: planwatch is the client here).
     */
    private static void describeNotificationWebhook(OpenAPI openAPI) {
        Operation operation = OASFactory.createOperation()
                .summary("An event planwatch POSTs to planwatch.notify.webhook.url")
                .description("Headers: X-Planwatch-Event (the type), X-Planwatch-Delivery (the event id, the same for every"
                        + " retry: drop a repeat by it), and when planwatch.notify.webhook.secret is set X-Planwatch-Signature:"
                        + " sha256=<hex HMAC-SHA256 of the exact body>. Any 2xx takes it; 408, 429, 5xx and no answer are retried"
                        + " with exponential backoff; any other status is not.")
                .addTag("notifications")
                .requestBody(OASFactory.createRequestBody().required(true).content(OASFactory.createContent()
                        .addMediaType(JSON, OASFactory.createMediaType().schema(OASFactory.createSchema().ref("NotificationEvent")))))
                .responses(OASFactory.createAPIResponses().addAPIResponse("2XX", OASFactory.createAPIResponse()
                        .description("The receiver took the event")));
        openAPI.addWebhook("notification", OASFactory.createPathItem().POST(operation));
    }

    /** Where the examples of the 200 replies are: real replies on the test fixture, kept equal to them by a test. */
    static final String EXAMPLES = "openapi/examples.json";

    /**
     * Sets each operation's example from {@link #EXAMPLES}: {@code {"GET /api/plans/{name}": {"request":
     * "/api/plans/alpha", "reply": {…}}}}. {@code OpenApiExamplesTest} asks the fixture workspace the same
     * requests and fails when a reply differs, so the examples cannot drift from the wire.
     */
    private static void addExamples(OpenAPI openAPI) {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(EXAMPLES);
        if (in == null) {
            return;
        }
        try (in) {
            ObjectMapper mapper = new ObjectMapper();
            JsonNode examples = mapper.readTree(in);
            examples.fields().forEachRemaining(entry -> {
                String[] operation = entry.getKey().split(" ", 2);
                PathItem item = openAPI.getPaths().getPathItem(operation[1]);
                Operation found = item == null ? null : item.getOperations().get(PathItem.HttpMethod.valueOf(operation[0]));
                APIResponse ok = found == null ? null : found.getResponses().getAPIResponse("200");
                if (ok != null && ok.getContent() != null && ok.getContent().getMediaType(JSON) != null) {
                    ok.getContent().getMediaType(JSON).addExample("fixture", OASFactory.createExample()
                            .summary("GET " + entry.getValue().path("request").asText() + " on the test fixture workspace")
                            .value(mapper.convertValue(entry.getValue().path("reply"), Object.class)));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + EXAMPLES, e);
        }
    }

    /**
     * The Java method an operation was scanned from. The scanner names each operation
     * {@code <class>_<method>} ({@code quarkus.smallrye-openapi.operation-id-strategy=PACKAGE_CLASS_METHOD}),
     * and this filter runs when the application is built, where the resource classes load; an id
     * that names no method of a loadable class is someone's own and stays.
     */
    private static Optional<Method> resourceMethod(Operation operation) {
        String id = operation.getOperationId();
        int separator = id == null ? -1 : id.lastIndexOf('_');
        if (separator <= 0) {
            return Optional.empty();
        }
        String methodName = id.substring(separator + 1);
        try {
            Class<?> resource = Class.forName(id.substring(0, separator), false, OpenApiDocument.class.getClassLoader());
            List<Method> named = Arrays.stream(resource.getMethods()).filter(m -> m.getName().equals(methodName)).toList();
            return named.stream().filter(m -> m.isAnnotationPresent(ErrorCodes.class)).findFirst().or(() -> named.stream().findFirst());
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
    }

    /** One response per status; responses the scanner left without content (a bare 400) are replaced. */
    private static void addErrors(Operation operation, Set<ErrorCode> codes) {
        APIResponses responses = operation.getResponses();
        new ArrayList<>(responses.getAPIResponses().keySet()).stream()
                .filter(status -> !status.startsWith("2"))
                .filter(status -> responses.getAPIResponse(status).getContent() == null)
                .forEach(responses::removeAPIResponse);
        Map<Integer, List<ErrorCode>> byStatus = codes.stream()
                .collect(Collectors.groupingBy(ErrorCode::httpStatus, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, ofStatus) -> {
            List<Object> names = ofStatus.stream().map(ErrorCode::name).collect(Collectors.toList());
            Schema schema = OASFactory.createSchema()
                    .addAllOf(OASFactory.createSchema().ref("ErrorBody"))
                    .addAllOf(OASFactory.createSchema().addProperty("code", OASFactory.createSchema()
                            .addType(Schema.SchemaType.STRING).enumeration(names)));
            responses.addAPIResponse(Integer.toString(status), OASFactory.createAPIResponse()
                    .description(String.join(", ", names.stream().map(Object::toString).toList()))
                    .content(OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType().schema(schema))));
        });
    }

    /** The log endpoint answers JSON, or with {@code ?follow=true} an event stream whose events are described here. */
    private static void describeLogStream(OpenAPI openAPI) {
        PathItem logs = openAPI.getPaths().getPathItem("/api/plans/{name}/logs");
        if (logs == null || logs.getGET() == null) {
            return;
        }
        APIResponses responses = logs.getGET().getResponses();
        responses.removeAPIResponse("204");
        APIResponse ok = responses.getAPIResponse("200");
        if (ok != null && ok.getContent() != null) {
            ok.description("The last lines as JSON; with ?follow=true and Accept: text/event-stream, an SSE stream: one"
                    + " LogLineEvent per complete line (its id the byte offset after it; Last-Event-ID resumes there),"
                    + " LogStreamEvent reset after truncation or rotation, heartbeat every 30 s");
            ok.getContent().addMediaType("text/event-stream", OASFactory.createMediaType().schema(OASFactory.createSchema()
                    .addOneOf(OASFactory.createSchema().ref("LogLineEvent"))
                    .addOneOf(OASFactory.createSchema().ref("LogStreamEvent"))));
        }
    }

    /** The sockets, each described on its own class ({@link SocketDescription}). */
    private static final List<Class<?>> SOCKETS = List.of(PlanSocket.class, AllPlansSocket.class, EventsSocket.class,
            NotificationsSocket.class, OrchestratorSocket.class);

    private static void describeSockets(OpenAPI openAPI) {
        for (Class<?> socket : SOCKETS) {
            SocketDescription description = socket.getAnnotation(SocketDescription.class);
            List<String> messages = new ArrayList<>(List.of(description.messages()));
            messages.add("HeartbeatMessage");
            socket(openAPI, socket.getAnnotation(WebSocket.class).path(), description.value(), messages);
        }
    }

    private static List<Parameter> pathParameters(String path) {
        List<Parameter> parameters = new ArrayList<>();
        Matcher names = Pattern.compile("\\{(\\w+)}").matcher(path);
        while (names.find()) {
            parameters.add(OASFactory.createParameter().name(names.group(1))
                    .in(Parameter.In.PATH).required(true)
                    .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING)));
        }
        return parameters;
    }

    private static void socket(OpenAPI openAPI, String path, String description, List<String> messages) {
        Schema oneOf = OASFactory.createSchema();
        for (String message : messages) {
            oneOf.addOneOf(OASFactory.createSchema().ref(message));
        }
        Operation operation = OASFactory.createOperation()
                .summary("WebSocket " + path)
                .parameters(pathParameters(path))
                .description(description + " Every socket also gets a HeartbeatMessage every planwatch.live.heartbeat.")
                .addTag("sockets")
                .responses(OASFactory.createAPIResponses().addAPIResponse("101", OASFactory.createAPIResponse()
                        .description("Switching to the WebSocket protocol; then messages of these schemas")
                        .content(OASFactory.createContent().addMediaType(JSON, OASFactory.createMediaType().schema(oneOf)))));
        openAPI.getPaths().addPathItem(path, OASFactory.createPathItem().GET(operation));
    }
}
