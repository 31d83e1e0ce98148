package dev.planwatch.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BindPolicyTest {

    @Test
    void loopbackNeedsNoToken() {
        for (String host : new String[] {"127.0.0.1", "127.0.1.1", "localhost", "::1", "[::1]"}) {
            assertEquals(Optional.empty(), BindPolicy.refusal(host, Optional.empty()), host);
        }
    }

    @Test
    void anyOtherAddressNeedsAToken() {
        for (String host : new String[] {"0.0.0.0", "::", "10.0.0.7", "planwatch.local"}) {
            Optional<String> refusal = BindPolicy.refusal(host, Optional.empty());
            assertTrue(refusal.orElseThrow().contains("PLANWATCH_SECURITY_TOKEN"), host);
            assertTrue(BindPolicy.refusal(host, Optional.of("  ")).isPresent(), "a blank token is no token");
            assertEquals(Optional.empty(), BindPolicy.refusal(host, Optional.of("s3cret")));
        }
    }

    @Test
    void originsAreCompared_normalised() {
        assertEquals(Optional.of("http://dash.example:3000"), AccessGuard.normaliseOrigin("HTTP://Dash.Example:3000"));
        assertEquals(Optional.of("https://dash.example"), AccessGuard.normaliseOrigin("https://dash.example:443"));
        assertEquals(Optional.empty(), AccessGuard.normaliseOrigin("null"));
        assertEquals(Optional.empty(), AccessGuard.normaliseOrigin("file:///etc"));
        assertEquals(Optional.empty(), AccessGuard.normaliseOrigin("http://a.example/path"));
    }
}
