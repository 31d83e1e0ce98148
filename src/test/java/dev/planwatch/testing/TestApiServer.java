package dev.planwatch.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Kubernetes API server in CRUD mode (the fabric8 mock server: objects are stored and watched, no
 * controller acts on them) on a loopback port that processes outside this JVM reach over plain HTTP.
 * It keeps every DELETE it is sent with its options, which the client sends as the request's body.
 */
public final class TestApiServer implements AutoCloseable {

    /** A DELETE the server was sent: its path and its DeleteOptions (an empty string when it had none). */
    public record Deletion(String path, String options) {
    }

    private final List<Deletion> deletions = new CopyOnWriteArrayList<>();
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final int port;

    public TestApiServer() {
        this(freePort());
    }

    /** A server on {@code port} (say, one a client was given before the server started). */
    public TestApiServer(int port) {
        KubernetesCrudDispatcher dispatcher = new KubernetesCrudDispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                if ("DELETE".equalsIgnoreCase(request.getMethod())) {
                    String body = request.getBody() == null ? "" : new String(request.getBody().getBytes(), StandardCharsets.UTF_8);
                    deletions.add(new Deletion(request.getPath(), body));
                }
                return super.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        this.port = port;
        server.init(InetAddress.getLoopbackAddress(), port);
        client = server.createClient();
    }

    /** The URL a client outside this JVM is given, as {@code quarkus.kubernetes-client.api-server-url}. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The DELETEs of paths containing {@code fragment}, oldest first. */
    public List<Deletion> deletionsOf(String fragment) {
        return deletions.stream().filter(deletion -> deletion.path().contains(fragment)).toList();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
