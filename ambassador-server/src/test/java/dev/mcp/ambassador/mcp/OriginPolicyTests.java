package dev.mcp.ambassador.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class OriginPolicyTests {

    private final OriginPolicy policy =
            new OriginPolicy(List.of("ambassador.example.com"), List.of("https://app.example.com"));

    @Test
    void hostWhenAHostileNameResolvesHereThenRefused() {
        MockHttpServletRequest rebound = request("evil.example.com", 8443, null);

        assertThat(policy.refusal(rebound)).isPresent();
    }

    @Test
    void hostWhenConfiguredOrLoopbackThenServed() {
        assertThat(policy.refusal(request("ambassador.example.com", 8443, null)))
                .isEmpty();
        assertThat(policy.refusal(request("localhost", 8443, null))).isEmpty();
        assertThat(policy.refusal(request("127.0.0.1", 8443, null))).isEmpty();
        assertThat(policy.refusal(request("::1", 8443, null))).isEmpty();
    }

    @Test
    void originWhenOwnInEitherSchemeOrAllowedThenServed() {
        assertThat(policy.refusal(request("localhost", 8443, "https://localhost:8443")))
                .isEmpty();
        assertThat(policy.refusal(request("localhost", 8443, "http://localhost:8443")))
                .isEmpty();
        assertThat(policy.refusal(request("localhost", 8443, "https://APP.example.com:443")))
                .isEmpty();
    }

    @Test
    void originWhenForeignOrOnAnotherPortThenRefused() {
        assertThat(policy.refusal(request("localhost", 8443, "https://evil.example.com")))
                .isPresent();
        assertThat(policy.refusal(request("localhost", 8443, "http://localhost:3000")))
                .isPresent();
        assertThat(policy.refusal(request("localhost", 8443, "null"))).isPresent();
    }

    @Test
    void hostOfWhenGivenPortsAndBracketsThenTheBareName() {
        assertThat(OriginPolicy.hostOf("LocalHost:8443")).isEqualTo("localhost");
        assertThat(OriginPolicy.hostOf("[::1]:8443")).isEqualTo("[::1]");
        assertThat(OriginPolicy.hostOf("::1")).isEqualTo("[::1]");
        assertThat(OriginPolicy.hostOf("")).isNull();
    }

    private static MockHttpServletRequest request(String host, int port, String origin) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        request.setServerName(host);
        request.setServerPort(port);
        if (origin != null) {
            request.addHeader("Origin", origin);
        }
        return request;
    }
}
