package dev.mcp.ambassador.web;

import dev.mcp.ambassador.config.AmbassadorProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The address a request really came from. That is the connection's own peer, unless the peer is
 * one of the configured trusted proxies ({@code AMBASSADOR_TRUSTED_PROXIES}: addresses or CIDR
 * ranges); then it is the right-most {@code X-Forwarded-For} entry that is not a trusted proxy.
 * {@code X-Forwarded-For} from anyone else is ignored, so it cannot dodge per-address limits.
 */
@Component
public class ClientAddresses {

    private final List<Cidr> trusted;

    public ClientAddresses(AmbassadorProperties properties) {
        this.trusted = properties.trustedProxies() == null
                ? List.of()
                : properties.trustedProxies().stream()
                        .map(String::trim)
                        .filter(entry -> !entry.isEmpty())
                        .map(Cidr::parse)
                        .toList();
    }

    public String of(HttpServletRequest request) {
        String peer = request.getRemoteAddr();
        if (!isTrusted(peer)) {
            return peer;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null) {
            return peer;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].trim();
            if (!hop.isEmpty() && !isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    private boolean isTrusted(String address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    private record Cidr(byte[] network, int prefix) {

        static Cidr parse(String value) {
            int slash = value.indexOf('/');
            byte[] address = literal(slash < 0 ? value : value.substring(0, slash));
            if (address == null) {
                throw new IllegalStateException(
                        "AMBASSADOR_TRUSTED_PROXIES: '" + value + "' is not an IP address or CIDR range");
            }
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(value.substring(slash + 1));
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalStateException("AMBASSADOR_TRUSTED_PROXIES: bad prefix length in '" + value + "'");
            }
            return new Cidr(address, prefix);
        }

        boolean contains(String candidate) {
            byte[] address = literal(candidate);
            if (address == null || address.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((address[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        /** Parses an IP literal without ever resolving a host name. */
        private static byte[] literal(String value) {
            boolean ipv4 = value.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            boolean ipv6 = value.contains(":") && value.matches("[0-9A-Fa-f:.]+");
            if (!ipv4 && !ipv6) {
                return null;
            }
            try {
                return InetAddress.getByName(value).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }
    }
}
