package dev.glossary.web;

import java.util.Optional;

/** The two ways in: HTTP Basic for people, Bearer API tokens for scripts; and the challenges that name them. */
public final class AuthorizationHeader {

    public static final String BASIC = "Basic";
    public static final String BEARER = "Bearer";
    public static final String BASIC_CHALLENGE = "Basic realm=\"glossary\", charset=\"UTF-8\"";
    public static final String BEARER_CHALLENGE = "Bearer realm=\"glossary\"";
    /** RFC 6750: the same for an unknown, malformed, expired or revoked token, so none can be told apart. */
    public static final String INVALID_TOKEN_CHALLENGE = "Bearer realm=\"glossary\", error=\"invalid_token\"";

    private AuthorizationHeader() {
    }

    /** The credentials after the scheme (case-insensitive, RFC 9110), when the header uses that scheme. */
    public static Optional<String> credentials(String header, String scheme) {
        if (header == null || header.length() <= scheme.length() || header.charAt(scheme.length()) != ' '
                || !header.regionMatches(true, 0, scheme, 0, scheme.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(scheme.length() + 1).strip());
    }

    public static boolean uses(String header, String scheme) {
        return credentials(header, scheme).isPresent();
    }
}
