package dev.mcp.ambassador.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcp.ambassador.config.AmbassadorProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressesTests {

    @Test
    void ofWhenPeerIsNotATrustedProxyThenForwardedForIsIgnored() {
        ClientAddresses addresses = new ClientAddresses(properties(List.of("10.0.0.0/8")));

        assertThat(addresses.of(request("203.0.113.5", "198.51.100.1"))).isEqualTo("203.0.113.5");
    }

    @Test
    void ofWhenPeerIsATrustedProxyThenRightmostUntrustedHopIsTheClient() {
        ClientAddresses addresses = new ClientAddresses(properties(List.of("10.0.0.0/8", "192.0.2.1")));

        assertThat(addresses.of(request("10.1.2.3", "198.51.100.1, 203.0.113.9, 192.0.2.1")))
                .as("a client cannot prepend a fake hop to dodge limits")
                .isEqualTo("203.0.113.9");
        assertThat(addresses.of(request("10.1.2.3", null))).isEqualTo("10.1.2.3");
    }

    @Test
    void ofWhenNoProxiesConfiguredThenAlwaysThePeer() {
        ClientAddresses addresses = new ClientAddresses(properties(List.of()));

        assertThat(addresses.of(request("127.0.0.1", "198.51.100.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void constructorWhenEntryIsNotAnAddressThenStartupFails() {
        assertThatThrownBy(() -> new ClientAddresses(properties(List.of("proxy.example.com"))))
                .hasMessageContaining("AMBASSADOR_TRUSTED_PROXIES");
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }

    private static AmbassadorProperties properties(List<String> trustedProxies) {
        return new AmbassadorProperties(
                Path.of("unused"),
                List.of("localhost"),
                new AmbassadorProperties.Tls(null, null),
                new AmbassadorProperties.Database(null, null, null),
                null,
                null,
                List.of(),
                trustedProxies,
                List.of(),
                new AmbassadorProperties.BootstrapAdmin("admin", null),
                new AmbassadorProperties.Sessions(Duration.ofHours(8), Duration.ofDays(7), Duration.ofMinutes(5)),
                new AmbassadorProperties.Mcp("__", Duration.ofSeconds(60), Duration.ofSeconds(300), 200),
                new AmbassadorProperties.Downstream(List.of()),
                new AmbassadorProperties.Auth(
                        null,
                        0,
                        Duration.ofSeconds(5),
                        Duration.ofHours(12),
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10)));
    }
}
