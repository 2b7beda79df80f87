package dev.glossary.security.token;

import dev.glossary.common.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Tokens and their look-up by hash; callers own the transactions. */
@ApplicationScoped
public class ApiTokenRepository implements PanacheRepository<ApiToken> {

    /** A live token by its hash; also whether its last use is old enough to be written again. */
    private static final String LIVE = """
            SELECT id, array_to_string(scopes, ','), last_used_at IS NULL OR last_used_at < now() - interval '1 minute'
            FROM api_token
            WHERE token_hash = :hash AND (expires_at IS NULL OR expires_at > now())
            """;
    /** At most once a minute per token, however many requests and instances use it. */
    private static final String TOUCH = """
            UPDATE api_token SET last_used_at = now()
            WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            """;

    /** A token that may be used now: its id and scopes, and whether its last use is due to be recorded. */
    record Live(long id, List<String> scopes, boolean lastUseStale) {
    }

    Optional<Live> live(byte[] hash) {
        List<?> rows = getEntityManager().createNativeQuery(LIVE).setParameter("hash", hash).getResultList();
        return rows.stream().map(Object[].class::cast).findFirst().map(row -> new Live(((Number) row[0]).longValue(),
                List.of(((String) row[1]).split(",")), (Boolean) row[2]));
    }

    void touch(long id) {
        getEntityManager().createNativeQuery(TOUCH).setParameter("id", id).executeUpdate();
    }

    List<ApiToken> newestFirst(PageRequest page) {
        return findAll(Sort.descending("id")).page(Page.of(page.page(), page.size())).list();
    }
}
