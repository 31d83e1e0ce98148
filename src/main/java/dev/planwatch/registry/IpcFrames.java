package dev.planwatch.registry;

import dev.planwatch.workspace.Timestamps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The orchestrator's IPC framing, for both ends: one request per connection on its Unix socket,
 * each message a 4-byte big-endian length followed by that many bytes of UTF-8 JSON
 * {@code {type, command, payload, timestamp}}, at most {@link #MAX_MESSAGE} bytes.
 */
public final class IpcFrames {

    /** The protocol's size limit for one message's JSON. */
    public static final int MAX_MESSAGE = 65536;
    /** The length prefix's size. */
    public static final int HEADER_BYTES = 4;

    private IpcFrames() {
    }

    /** A message of {@code type} ("request" or "response") for {@code command}, stamped now. */
    public static ObjectNode message(ObjectMapper mapper, String type, String command, JsonNode payload) {
        ObjectNode message = mapper.createObjectNode();
        message.put("type", type);
        message.put("command", command);
        message.set("payload", payload == null ? mapper.createObjectNode() : payload);
        message.put("timestamp", Timestamps.now());
        return message;
    }

    /** {@code json} with its length prefix, ready to write. */
    public static ByteBuffer frame(byte[] json) {
        return ByteBuffer.allocate(HEADER_BYTES + json.length).putInt(json.length).put(json).flip();
    }

    /** The body length a filled header announces; refuses one outside the protocol's limit. */
    public static int bodyLength(ByteBuffer header) throws IOException {
        int length = header.flip().getInt();
        if (length < 0 || length > MAX_MESSAGE) {
            throw new IOException("IPC message of " + length + " bytes refused");
        }
        return length;
    }
}
