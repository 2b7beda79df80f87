package dev.glossary.webhook;

import dev.glossary.common.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Where an endpoint's deliveries go, taken apart once: http(s) only, a host, no credentials. */
record WebhookTarget(String host, int port, boolean https, String pathAndQuery) {

    static final int MAX_LENGTH = 2000;

    static WebhookTarget parse(String url) {
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
        return new WebhookTarget(uri.getHost(), port, https, path + query);
    }

    /** The host as a resolver takes it: an IPv6 literal without its brackets. */
    String resolvableHost() {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static ProblemException invalid(String message) {
        return ProblemException.invalidField("url", message);
    }
}
