package dev.planwatch.security;

import io.restassured.RestAssured;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Requests sent byte for byte, with paths and headers (Host) that HTTP clients would re-encode,
 * normalise or rewrite.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** The whole response, status line first; {@code headers} include the Host. */
    static String send(String method, String path, String... headers) throws IOException {
        return send(method, path, List.of(headers), null, 5000);
    }

    /**
     * Sends the request and reads the answer until the server closes, or until nothing arrives for
     * {@code quietMillis} (an SSE stream or an upgraded WebSocket stays open: what arrived is the answer).
     */
    static String send(String method, String target, List<String> headers, String body, int quietMillis) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(quietMillis);
            StringBuilder request = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            headers.forEach(h -> request.append(h).append("\r\n"));
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                request.append("Content-Length: ").append(payload.length).append("\r\n");
            }
            request.append("Connection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            try {
                out.write(payload);
                out.flush();
            } catch (IOException refusedEarly) {
                // the server answered (413) and closed before the whole body was sent
            }
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0 && received.size() < 1_000_000; ) {
                    received.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException streaming) {
                // still open: what arrived is the answer
            } catch (IOException reset) {
                // closed by the server after an early answer
            }
            return received.toString(StandardCharsets.UTF_8);
        }
    }
}
