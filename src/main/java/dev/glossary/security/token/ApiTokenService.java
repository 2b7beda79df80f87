package dev.glossary.security.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.security.Roles;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@ApplicationScoped
@Transactional
public class ApiTokenService {

    static final int NAME_MAX_LENGTH = 100;

    @Schema(name = "ApiTokenRequest")
    public record ApiTokenRequest(
            @Schema(description = "What the token is for, as admins will recognise it in the list", example = "publishing-script",
                    minLength = 1, maxLength = NAME_MAX_LENGTH)
            @NotBlank @Size(max = NAME_MAX_LENGTH) String name,
            @Schema(type = SchemaType.ARRAY, implementation = ApiTokenScope.class, minItems = 1, maxItems = 5,
                    description = "What the token may do; an unknown scope is refused (400)")
            @NotEmpty @Size(max = 5) List<@NotNull String> scopes,
            @Schema(nullable = true, description = "When the token stops working; null: never. Must be in the future (422)",
                    example = "2027-06-01T00:00:00Z")
            Instant expiresAt) {
    }

    /** The items of ApiTokenRequest.scopes: the enum on each item, so that generators make it an enum type. */
    @Schema(name = "ApiTokenScope", type = SchemaType.STRING, enumeration = {Roles.TERMS_WRITE, Roles.NEWSLETTER_WRITE,
            Roles.SUBSCRIBERS_ADMIN, Roles.WEBHOOKS_ADMIN, Roles.MAIL_REPORTS})
    interface ApiTokenScope {
    }

    /** A token as admins see it; the secret only in the answer that creates it. */
    @Schema(name = "ApiToken")
    public record ApiTokenResponse(
            @Schema(example = "7") long id,
            @Schema(example = "publishing-script") String name,
            @Schema(example = "[\"terms:write\"]") List<String> scopes,
            @Schema(example = "2026-12-07T10:15:30Z") Instant createdAt,
            @Schema(nullable = true, description = "When it stops working; null: never", example = "2027-06-01T00:00:00Z")
            Instant expiresAt,
            @Schema(nullable = true, description = "Its last use, recorded to the minute; null: never used")
            Instant lastUsedAt,
            @Schema(description = "Present only in the answer that creates it: send it as Authorization: Bearer",
                    example = "glo_Xq3v0m1ZbqJ9cHf2k8tW4yQ7rN5sL6dA1eG0hU9iK2o")
            @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

        static ApiTokenResponse of(ApiToken token, String shownSecret) {
            return new ApiTokenResponse(token.id, token.name, token.scopes, token.createdAt, token.expiresAt, token.lastUsedAt,
                    shownSecret);
        }
    }

    @Inject ApiTokenRepository tokens;

    /** The new token with its secret, which no later answer shows again. */
    public ApiTokenResponse create(ApiTokenRequest request) {
        List<String> scopes = List.copyOf(new LinkedHashSet<>(request.scopes()));
        if (!Roles.TOKEN_SCOPES.containsAll(scopes)) {
            throw ProblemException.invalidField("scopes", "must hold only " + String.join(", ", Roles.TOKEN_SCOPES));
        }
        if (request.expiresAt() != null && !request.expiresAt().isAfter(Instant.now())) {
            throw ProblemException.unprocessable("expiresAt must be in the future, or null for a token that does not expire");
        }
        String secret = ApiTokenSecrets.newSecret();
        ApiToken token = new ApiToken();
        token.name = request.name();
        token.scopes = scopes;
        token.expiresAt = request.expiresAt();
        token.tokenHash = ApiTokenSecrets.hash(secret);
        tokens.persist(token);
        return ApiTokenResponse.of(token, secret);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ApiTokenResponse> list(PageRequest page) {
        return Page.counted(page, tokens.count(),
                () -> tokens.newestFirst(page).stream().map(token -> ApiTokenResponse.of(token, null)).toList());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ApiTokenResponse get(long id) {
        return ApiTokenResponse.of(tokens.findByIdOptional(id).orElseThrow(() -> notFound(id)), null);
    }

    /** Revoked for good: the next request with it, on any instance, finds no token. */
    public void revoke(long id) {
        if (!tokens.deleteById(id)) {
            throw notFound(id);
        }
    }

    /** The live token this secret is; empty for a malformed, unknown, expired or revoked one alike. */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    Optional<ApiTokenRepository.Live> authenticate(String secret) {
        if (!ApiTokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        Optional<ApiTokenRepository.Live> live = tokens.live(ApiTokenSecrets.hash(secret));
        live.filter(ApiTokenRepository.Live::lastUseStale).ifPresent(token -> tokens.touch(token.id()));
        return live;
    }

    static ProblemException notFound(long id) {
        return ProblemException.notFound("No API token has the id " + id);
    }
}
