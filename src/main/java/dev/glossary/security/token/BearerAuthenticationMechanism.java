package dev.glossary.security.token;

import dev.glossary.web.AuthorizationHeader;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * {@code Authorization: Bearer glo_...} for scripts, beside Quarkus' Basic mechanism for people: a request
 * without a Bearer header is left to Basic (null identity), so each request costs one check at most.
 */
@ApplicationScoped
public class BearerAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final HttpCredentialTransport TRANSPORT = new HttpCredentialTransport(
            HttpCredentialTransport.Type.AUTHORIZATION, AuthorizationHeader.BEARER.toLowerCase());

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        return AuthorizationHeader.credentials(context.request().getHeader(HttpHeaders.AUTHORIZATION), AuthorizationHeader.BEARER)
                .map(secret -> identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                        new ApiTokenAuthenticationRequest(secret), context)))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    /** Quarkus' own 401 (ProblemMapper answers those of the REST layer): the Bearer challenge. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, AuthorizationHeader.BEARER_CHALLENGE));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(TRANSPORT);
    }
}
