package dev.mcp.ambassador.downstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DownstreamAddressGuardTests {

    // A fake DNS: names map to fixed answers, so no test depends on the network.
    private static final Map<String, List<String>> DNS = Map.of(
            "mcp.example.com", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "mixed.example.com", List.of("93.184.215.14", "10.1.2.3"),
            "internal.example.com", List.of("10.20.30.40"),
            "rebind.example.com", List.of("169.254.169.254"),
            "metadata.google.internal", List.of("169.254.169.254"),
            "localhost", List.of("127.0.0.1", "::1"));

    private static DownstreamAddressGuard guard(String... allowed) {
        return new DownstreamAddressGuard(List.of(allowed), DownstreamAddressGuardTests::resolve);
    }

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> answers = DNS.get(host);
        if (answers == null) {
            // Literals resolve to themselves without DNS, as InetAddress does.
            if (DownstreamAddressGuard.Cidr.looksLikeAddress(host)) {
                return new InetAddress[] {InetAddress.getByName(host)};
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] addresses = new InetAddress[answers.size()];
        for (int i = 0; i < addresses.length; i++) {
            addresses[i] = InetAddress.getByName(answers.get(i));
        }
        return addresses;
    }

    @Test
    void checkWhenHttpsHostResolvesToPublicAddressesThenAccepted() {
        assertThat(guard().check("https://mcp.example.com/mcp").getHost()).isEqualTo("mcp.example.com");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://10.0.0.1/mcp",
                "https://172.16.5.4/mcp",
                "https://172.31.255.255/mcp",
                "https://192.168.1.1/mcp",
                "https://127.0.0.1/mcp",
                "https://127.9.9.9/mcp",
                "https://169.254.169.254/latest/meta-data",
                "https://100.64.0.1/mcp",
                "https://100.127.255.254/mcp",
                "https://0.0.0.0/mcp",
                "https://224.0.0.1/mcp",
                "https://[::1]/mcp",
                "https://[::]/mcp",
                "https://[fc00::1]/mcp",
                "https://[fd12:3456::1]/mcp",
                "https://[fe80::1]/mcp",
                "https://[ff02::1]/mcp",
                "https://[::ffff:10.0.0.1]/mcp",
                "https://[64:ff9b::a9fe:a9fe]/mcp",
                "https://[2002:a00:1::]/mcp",
                "https://[64:ff9b:1::a00:1]/mcp",
                "https://[64:ff9b:1:ffff::8.8.8.8]/mcp",
                "https://[::ffff:0:a00:1]/mcp",
                "https://[::ffff:0:a9fe:a9fe]/mcp",
                "https://[2001:0:4136:e378:8000:63bf:80ff:fffe]/mcp",
                "https://[2001:0:4136:e378:8000:63bf:f5ff:fffe]/mcp",
                "https://internal.example.com/mcp",
                "https://rebind.example.com/mcp",
                "https://mixed.example.com/mcp",
                "https://localhost/mcp"
            })
    void checkWhenAnyAddressIsNotPublicThenRefusedNamingTheAddress(String url) {
        assertThatThrownBy(() -> guard().check(url))
                .isInstanceOf(DownstreamAddressGuard.Refused.class)
                .hasMessageContaining("resolves to")
                .hasMessageContaining("AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES");
    }

    @Test
    void checkWhenAddressIsMetadataThenReasonSaysLinkLocal() {
        assertThatThrownBy(() -> guard().check("https://169.254.169.254/mcp"))
                .hasMessage("resolves to a link-local address (169.254.169.254); allow-list it in"
                        + " AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES to use it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://metadata.google.internal/x", "https://METADATA/x", "https://metadata./x"})
    void checkWhenHostIsAMetadataNameThenRefusedWithoutResolving(String url) {
        assertThatThrownBy(() -> guard().check(url)).hasMessageContaining("cloud metadata service");
    }

    @Test
    void checkWhenNeighbouringPublicRangesThenAccepted() {
        DownstreamAddressGuard guard = guard();

        assertThat(guard.check("https://172.32.0.1/mcp")).isNotNull();
        assertThat(guard.check("https://100.128.0.1/mcp")).isNotNull();
        assertThat(guard.check("https://11.0.0.1/mcp")).isNotNull();
        assertThat(guard.check("https://[2606:4700::1]/mcp")).isNotNull();
        assertThat(guard.check("https://[64:ff9b::808:808]/mcp"))
                .as("well-known NAT64 of a public address")
                .isNotNull();
        assertThat(guard.check("https://[2001:0:4136:e378:8000:63bf:f7f7:f7f7]/mcp"))
                .as("Teredo of a public client")
                .isNotNull();
    }

    @Test
    void checkWhenAddressIsInAnAllowListedRangeThenAcceptedAndPlainHttpToo() {
        DownstreamAddressGuard guard = guard("10.20.0.0/16", "fd00::/8");

        assertThat(guard.check("https://internal.example.com/mcp")).isNotNull();
        assertThat(guard.check("http://internal.example.com/mcp")).isNotNull();
        assertThat(guard.check("http://[fd00::5]:8080/mcp")).isNotNull();
        assertThatThrownBy(() -> guard.check("https://10.21.0.1/mcp")).hasMessageContaining("private address");
    }

    @Test
    void checkWhenAnAllowListedHostNameDoesNotResolveThenRefused() {
        assertThatThrownBy(() -> guard("gone.example.com").check("https://gone.example.com/mcp"))
                .isInstanceOf(DownstreamAddressGuard.Refused.class)
                .hasMessageContaining("does not resolve");
    }

    @Test
    void checkWhenOnlySomeAddressesAreAllowListedThenTheOthersStillCount() {
        assertThatThrownBy(() -> guard("127.0.0.1/32").check("https://localhost/mcp"))
                .hasMessageContaining("loopback address (0:0:0:0:0:0:0:1)");
    }

    @Test
    void checkWhenHostNameIsAllowListedThenAcceptedWhateverItResolvesTo() {
        assertThat(guard("LocalHost").check("http://localhost:3001/mcp")).isNotNull();
        assertThat(guard("metadata.google.internal").check("http://metadata.google.internal/"))
                .isNotNull();
    }

    @Test
    void checkWhenPlainHttpToAPublicAddressThenRefused() {
        assertThatThrownBy(() -> guard().check("http://mcp.example.com/mcp")).hasMessageContaining("must use https");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://mcp.example.com/mcp",
                "/mcp",
                "mcp.example.com/mcp",
                "file:///etc/passwd",
                "mailto:someone@example.com",
                "https://user:secret@mcp.example.com/mcp",
                "https://mcp.example.com/mcp#part",
                "not a url",
                "https://unknown.example.com/mcp"
            })
    void checkWhenUrlIsNotAnAbsoluteHttpsUrlToAKnownHostThenRefused(String url) {
        assertThatThrownBy(() -> guard().check(url)).isInstanceOf(DownstreamAddressGuard.Refused.class);
    }

    @Test
    void checkWhenCredentialsInUrlThenTheReasonDoesNotEchoThem() {
        assertThatThrownBy(() -> guard().check("https://user:secret@mcp.example.com/mcp"))
                .message()
                .doesNotContain("secret");
    }

    @Test
    void constructorWhenAnEntryIsAMalformedRangeThenStartupFailsNamingTheSetting() {
        assertThatThrownBy(() -> guard("10.0.0.0/33"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES");
        assertThatThrownBy(() -> guard("10.0.0.0/x")).hasMessageContaining("bad prefix length");
    }

    @Test
    void cidrWhenPrefixIsNotOnAByteBoundaryThenOnlyTheCoveredBitsMatch() {
        DownstreamAddressGuard.Cidr range = DownstreamAddressGuard.Cidr.parse("172.16.0.0/12", "test");

        assertThat(range.contains(new byte[] {(byte) 172, 31, (byte) 255, 1})).isTrue();
        assertThat(range.contains(new byte[] {(byte) 172, 32, 0, 1})).isFalse();
        assertThat(range.contains(new byte[] {(byte) 172, 15, 0, 1})).isFalse();
        assertThat(range.contains(new byte[16])).isFalse();
    }
}
