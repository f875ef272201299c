package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Where a pinned request goes: the checked address in the URL, the name in {@code Host}. */
class PinnedHttpClientsTests {

    private final PinnedHttpClients clients = PinnedHttpClients.withDefaultTrust();

    @AfterEach
    void close() {
        clients.close();
    }

    @Test
    void routeWhenUrlNamesAHostThenTheAddressReplacesItAndTheNameGoesInHost() throws Exception {
        PinnedHttpClients.Route route =
                clients.route(target("https://MCP.example.com/a/b%20c?x=1&y=%2F", "203.0.113.7"), "s");

        assertThat(route.uri()).isEqualTo(URI.create("https://203.0.113.7/a/b%20c?x=1&y=%2F"));
        assertThat(route.host()).isEqualTo("MCP.example.com");
    }

    @Test
    void routeWhenTheCheckedAddressIsIpv6ThenItIsBracketedAndThePortKept() throws Exception {
        PinnedHttpClients.Route route = clients.route(target("https://mcp.example.com:8443", "2001:db8::1"), "s");

        assertThat(route.uri()).isEqualTo(URI.create("https://[2001:db8:0:0:0:0:0:1]:8443/"));
        assertThat(route.host()).isEqualTo("mcp.example.com:8443");
    }

    @Test
    void routeWhenUrlNamesAnAddressThenItIsSentAsItIs() throws Exception {
        PinnedHttpClients.Route route = clients.route(target("https://[2001:db8::1]/mcp", "2001:db8::1"), "s");

        assertThat(route.uri()).isEqualTo(URI.create("https://[2001:db8::1]/mcp"));
        assertThat(route.host()).isNull();
    }

    @Test
    void routeWhenTwoUrlsNameTheSameHostThenTheyShareAClient() throws Exception {
        PinnedHttpClients.Route first = clients.route(target("https://mcp.example.com/a", "203.0.113.7"), "s");
        PinnedHttpClients.Route second = clients.route(target("https://mcp.example.com./b", "203.0.113.8"), "s");

        assertThat(second.client()).isSameAs(first.client());
    }

    @Test
    void routeWhenPlainHttpNamesAHostThenItIsPinnedToo() throws Exception {
        PinnedHttpClients.Route route = clients.route(target("http://mcp.corp.internal:8080/mcp", "10.20.0.5"), "s");

        assertThat(route.uri()).isEqualTo(URI.create("http://10.20.0.5:8080/mcp"));
        assertThat(route.host()).isEqualTo("mcp.corp.internal:8080");
    }

    private static DownstreamAddressGuard.Target target(String url, String address) throws Exception {
        return new DownstreamAddressGuard.Target(URI.create(url), InetAddress.getByName(address));
    }
}
