package dev.glossary.webhook;

import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Locale;

/** The SSRF guard: unless allowed, a host resolving to a non-public address is refused at creation and at each delivery. */
@ApplicationScoped
public class WebhookTargets {

    /** IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) addresses carry an IPv4 address to check. */
    private static final byte[] COMPATIBLE = new byte[12];
    private static final byte[] NAT64 = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

    /** Where an endpoint's deliveries go, taken apart once: http(s) only, a host, no credentials. */
    record Target(String host, int port, boolean https, String pathAndQuery) {

        static final int MAX_LENGTH = 2000;

        static Target parse(String url) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw invalid("is not a valid URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")) {
                throw invalid("must be an http or https URL");
            }
            if (uri.getHost() == null || uri.getHost().isEmpty()) {
                throw invalid("must name a host");
            }
            if (uri.getRawUserInfo() != null) {
                throw invalid("must not contain credentials");
            }
            boolean https = scheme.equals("https");
            int port = uri.getPort() == -1 ? (https ? 443 : 80) : uri.getPort();
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            return new Target(uri.getHost(), port, https, path + query);
        }

        /** The host as a resolver takes it: an IPv6 literal without its brackets. */
        String resolvableHost() {
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        private static ProblemException invalid(String message) {
            return ProblemException.invalidField("url", message);
        }
    }

    /** Retried later like any failure: DNS may change back. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean allowPrivate;

    @Inject
    WebhookTargets(WebhooksConfig config) {
        this(config.allowPrivateTargets());
    }

    WebhookTargets(boolean allowPrivate) {
        this.allowPrivate = allowPrivate;
    }

    /** 400 problem when it is not allowed. */
    Target checkAtCreation(String url) {
        Target target = Target.parse(url);
        if (!allowPrivate) {
            try {
                addressForDelivery(target);
            } catch (Refused e) {
                throw ProblemException.invalidField("url", e.getMessage());
            }
        }
        return target;
    }

    /** The address a delivery connects to: the very one checked. */
    InetAddress addressForDelivery(Target target) throws Refused {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(target.resolvableHost());
        } catch (UnknownHostException e) {
            throw new Refused("host " + target.host() + " does not resolve");
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                if (!isPublic(address)) {
                    throw new Refused("must not point at a private, loopback or link-local address ("
                            + target.host() + " resolves to " + address.getHostAddress() + ")");
                }
            }
        }
        return addresses[0];
    }

    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT, 100.64/10
                    && !(first == 192 && second == 0 && (bytes[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking, 198.18/15
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) { // unique local, fc00::/7
                return false;
            }
            if (Arrays.equals(bytes, 0, 12, COMPATIBLE, 0, 12) || Arrays.equals(bytes, 0, 12, NAT64, 0, 12)) {
                try {
                    return isPublic(InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }
}
