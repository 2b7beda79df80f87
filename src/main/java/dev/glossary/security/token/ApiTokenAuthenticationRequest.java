package dev.glossary.security.token;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** The secret a request sent as {@code Authorization: Bearer}, as yet unchecked. */
final class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String secret;

    ApiTokenAuthenticationRequest(String secret) {
        this.secret = secret;
    }

    String secret() {
        return secret;
    }
}
