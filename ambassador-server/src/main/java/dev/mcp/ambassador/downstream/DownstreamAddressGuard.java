package dev.mcp.ambassador.downstream;

import dev.mcp.ambassador.config.AmbassadorProperties;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Keeps remote downstream servers off the ambassador's own network (SSRF). A URL passes only when
 * it is an absolute {@code https} URL whose host resolves to public addresses alone: no loopback,
 * private, link-local (which holds the cloud metadata address 169.254.169.254), carrier-grade NAT,
 * unspecified, multicast or reserved address, and not a metadata host name. An administrator can
 * allow-list CIDR ranges or host names in {@code AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES}; plain
 * {@code http} is accepted only for allow-listed targets.
 *
 * <p>The check runs when a catalog entry is written and again each time a session with the server
 * is opened. {@link #target} returns the address it checked, and the session connects to that
 * address and no other ({@link PinnedHttpClients}): there is no second resolution between check
 * and connect.
 */
@Component
class DownstreamAddressGuard {

    static final String SETTING = "AMBASSADOR_DOWNSTREAM_ALLOWED_ADDRESSES";

    /** Resolves a host name to all its addresses; a seam for tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /**
     * A checked URL and the one address a connection to it must use: the first address its host
     * resolved to (as the JDK's own client would pick), every one of which passed the check.
     */
    record Target(URI uri, InetAddress address) {

        /** True when the URL names its host by address, so nothing was resolved. */
        boolean literal() {
            return Cidr.looksLikeAddress(stripBrackets(uri.getHost()));
        }
    }

    /** The URL is refused; the message says why in words an administrator can act on. */
    static final class Refused extends RuntimeException {
        Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DownstreamAddressGuard.class);

    private static final Set<String> METADATA_NAMES =
            Set.of("metadata.google.internal", "metadata", "instance-data", "instance-data.ec2.internal");

    private record Forbidden(Cidr range, String what) {}

    private static final List<Forbidden> FORBIDDEN = List.of(
            forbidden("0.0.0.0/8", "an unspecified address"),
            forbidden("10.0.0.0/8", "a private address"),
            forbidden("100.64.0.0/10", "a carrier-grade NAT address"),
            forbidden("127.0.0.0/8", "a loopback address"),
            forbidden("169.254.0.0/16", "a link-local address"),
            forbidden("172.16.0.0/12", "a private address"),
            forbidden("192.0.0.0/24", "a reserved address"),
            forbidden("192.168.0.0/16", "a private address"),
            forbidden("198.18.0.0/15", "a reserved address"),
            forbidden("224.0.0.0/4", "a multicast address"),
            forbidden("240.0.0.0/4", "a reserved address"),
            forbidden("::/128", "an unspecified address"),
            forbidden("::1/128", "a loopback address"),
            forbidden("fc00::/7", "a private address"),
            forbidden("fe80::/10", "a link-local address"),
            forbidden("fec0::/10", "a site-local address"),
            // Local-use NAT64 (RFC 8215): translated by a gateway of this network, to anywhere in it.
            forbidden("64:ff9b:1::/48", "a local NAT64 address"),
            forbidden("ff00::/8", "a multicast address"));

    private final Resolver resolver;
    private final List<Cidr> allowedRanges;
    private final Set<String> allowedNames;

    @Autowired
    DownstreamAddressGuard(AmbassadorProperties properties) {
        this(properties.downstream().allowedAddresses(), InetAddress::getAllByName);
    }

    DownstreamAddressGuard(List<String> allowed, Resolver resolver) {
        this.resolver = resolver;
        List<String> entries = allowed == null
                ? List.of()
                : allowed.stream()
                        .map(String::trim)
                        .filter(entry -> !entry.isEmpty())
                        .toList();
        this.allowedRanges = entries.stream()
                .filter(Cidr::looksLikeAddress)
                .map(entry -> Cidr.parse(entry, SETTING))
                .toList();
        this.allowedNames = entries.stream()
                .filter(entry -> !Cidr.looksLikeAddress(entry))
                .map(DownstreamAddressGuard::normalise)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Checks {@code url} and returns it parsed. Resolves the host (a DNS query), so it may take as
     * long as the resolver does.
     *
     * @throws Refused when the URL is malformed, uses another scheme, does not resolve, or reaches
     *     an address that is neither public nor allow-listed
     */
    URI check(String url) {
        return target(url).uri();
    }

    /**
     * Checks {@code url} like {@link #check} and returns the address that was checked, which is
     * the one a connection must go to.
     *
     * @throws Refused as {@link #check} does
     */
    Target target(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            throw new Refused("is not a valid URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw new Refused("must be an absolute https URL");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("must use https (or http for an address allow-listed in " + SETTING + ")");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials; configure them as headers");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment");
        }
        String host = stripBrackets(uri.getHost());
        String name = normalise(host);
        boolean nameAllowListed = allowedNames.contains(name);
        if (!nameAllowListed && METADATA_NAMES.contains(name)) {
            throw new Refused("names a cloud metadata service (" + name + ")");
        }
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("host " + host + " does not resolve");
        }
        if (addresses.length == 0) {
            throw new Refused("host " + host + " does not resolve");
        }
        if (nameAllowListed) {
            // Trusted by name, whatever it resolves to; where it leads is still on record.
            log.info(
                    "Allow-listed downstream host {} resolves to {}; connecting to {}",
                    host,
                    Arrays.stream(addresses).map(InetAddress::getHostAddress).toList(),
                    addresses[0].getHostAddress());
            return new Target(uri, addresses[0]);
        }
        boolean allAllowListed = true;
        for (InetAddress address : addresses) {
            byte[] bytes = address.getAddress();
            if (allowedRanges.stream().anyMatch(range -> range.contains(bytes))) {
                continue;
            }
            allAllowListed = false;
            String what = forbiddenKind(bytes);
            if (what != null) {
                throw new Refused("resolves to " + what + " (" + address.getHostAddress() + "); allow-list it in "
                        + SETTING + " to use it");
            }
        }
        if (scheme.equals("http") && !allAllowListed) {
            throw new Refused("must use https; plain http is accepted only for addresses allow-listed in " + SETTING);
        }
        return new Target(uri, addresses[0]);
    }

    /** What kind of forbidden address {@code address} is, or null when it is public. */
    static String forbiddenKind(byte[] address) {
        for (Forbidden forbidden : FORBIDDEN) {
            if (forbidden.range().contains(address)) {
                return forbidden.what();
            }
        }
        byte[] embedded = embeddedIpv4(address);
        return embedded == null ? null : forbiddenKind(embedded);
    }

    /**
     * The IPv4 address inside an IPv6 one that carries it (IPv4-mapped and -compatible, SIIT
     * ::ffff:0:0:0/96, NAT64 64:ff9b::/96, 6to4 2002::/16, and the Teredo client 2001::/32 whose
     * address is stored inverted), which a host may route to the IPv4 network; else null.
     */
    private static byte[] embeddedIpv4(byte[] address) {
        if (address.length != 16) {
            return null;
        }
        boolean firstTenZero = Arrays.equals(address, 0, 10, new byte[10], 0, 10);
        boolean mapped = firstTenZero && address[10] == (byte) 0xff && address[11] == (byte) 0xff;
        boolean compatible = firstTenZero && address[10] == 0 && address[11] == 0;
        boolean siit = Arrays.equals(address, 0, 8, new byte[8], 0, 8)
                && address[8] == (byte) 0xff
                && address[9] == (byte) 0xff
                && address[10] == 0
                && address[11] == 0;
        boolean nat64 = Arrays.equals(
                address, 0, 12, new byte[] {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0}, 0, 12);
        if (mapped || compatible || siit || nat64) {
            return Arrays.copyOfRange(address, 12, 16);
        }
        if (address[0] == 0x20 && address[1] == 0x02) {
            return Arrays.copyOfRange(address, 2, 6);
        }
        if (address[0] == 0x20 && address[1] == 0x01 && address[2] == 0 && address[3] == 0) {
            byte[] client = Arrays.copyOfRange(address, 12, 16);
            for (int i = 0; i < client.length; i++) {
                client[i] = (byte) ~client[i];
            }
            return client;
        }
        return null;
    }

    private static Forbidden forbidden(String cidr, String what) {
        return new Forbidden(Cidr.parse(cidr, "forbidden ranges"), what);
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String normalise(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    /** An address range; parses literals only, never resolving a name. */
    record Cidr(byte[] network, int prefix) {

        static boolean looksLikeAddress(String value) {
            String address = value.contains("/") ? value.substring(0, value.indexOf('/')) : value;
            return address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                    || (address.contains(":") && address.matches("[0-9A-Fa-f:.]+"));
        }

        static Cidr parse(String value, String source) {
            int slash = value.indexOf('/');
            String literal = slash < 0 ? value : value.substring(0, slash);
            if (!looksLikeAddress(literal)) {
                throw new IllegalStateException(source + ": '" + value + "' is not an IP address or CIDR range");
            }
            byte[] address;
            try {
                address = InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(source + ": '" + value + "' is not an IP address or CIDR range");
            }
            int prefix;
            try {
                prefix = slash < 0 ? address.length * 8 : Integer.parseInt(value.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > address.length * 8) {
                throw new IllegalStateException(source + ": bad prefix length in '" + value + "'");
            }
            return new Cidr(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
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
    }
}
