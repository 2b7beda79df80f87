package dev.glossary.newsletter;

import dev.glossary.common.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class IssueRepository implements PanacheRepository<NewsletterIssue> {

    private static final Sort NEWEST_FIRST = Sort.descending("publishedAt", "id");
    /** What the public sees: published or sent, and not dated in the future. */
    private static final String PUBLIC = "status in (:public) and publishedAt <= :now";
    private static final List<IssueStatus> PUBLIC_STATUSES = List.of(IssueStatus.published, IssueStatus.sent);

    /** Of one public status when given, else of both. */
    public List<NewsletterIssue> newestFirstPublic(Optional<IssueStatus> status, Instant now, PageRequest page) {
        return find(PUBLIC, NEWEST_FIRST, publicAt(status, now)).page(Page.of(page.page(), page.size())).list();
    }

    public long countPublic(Optional<IssueStatus> status, Instant now) {
        return count(PUBLIC, publicAt(status, now));
    }

    public Optional<NewsletterIssue> latestPublic(Instant now) {
        return find(PUBLIC, NEWEST_FIRST, publicAt(Optional.empty(), now)).firstResultOptional();
    }

    /** Drafts have no publishedAt: those come newest created first. */
    public List<NewsletterIssue> newestFirstWith(IssueStatus status, PageRequest page) {
        return find("status", NEWEST_FIRST, status).page(Page.of(page.page(), page.size())).list();
    }

    public long countWith(IssueStatus status) {
        return count("status", status);
    }

    private static Parameters publicAt(Optional<IssueStatus> status, Instant now) {
        return Parameters.with("public", status.filter(IssueStatus::isPublic).map(List::of).orElse(PUBLIC_STATUSES))
                .and("now", now);
    }
}
