package dev.planwatch.security;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A configured loopback origin admits the other loopback name of the same scheme and port, and nothing more. */
class OriginAliasTest {

    private static List<String> aliases(String origin) {
        return AccessGuard.withLoopbackAlias(AccessGuard.normaliseOrigin(origin).orElseThrow()).toList();
    }

    @Test
    void localhostAnd127001AreOneOrigin() {
        assertEquals(List.of("http://localhost:3000", "http://127.0.0.1:3000"), aliases("http://localhost:3000"));
        assertEquals(List.of("http://127.0.0.1:3000", "http://localhost:3000"), aliases("http://127.0.0.1:3000"));
        assertEquals(List.of("https://localhost", "https://127.0.0.1"), aliases("https://localhost:443"));
    }

    @Test
    void otherHostsGetNoAlias() {
        assertEquals(List.of("http://dash.example:3000"), aliases("http://dash.example:3000"));
        assertEquals(List.of("http://localhost.example:3000"), aliases("http://localhost.example:3000"));
        assertEquals(List.of("http://127.0.0.10:3000"), aliases("http://127.0.0.10:3000"));
    }
}
