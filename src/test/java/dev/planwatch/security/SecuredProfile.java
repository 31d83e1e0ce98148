package dev.planwatch.security;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** An exposed planwatch: a token and one dashboard origin. */
public class SecuredProfile implements QuarkusTestProfile {

    static final String TOKEN = "test-token-3f9a";
    static final String DASHBOARD = "http://dash.example:3000";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("planwatch.security.token", TOKEN, "planwatch.security.allowed-origins", DASHBOARD);
    }
}
