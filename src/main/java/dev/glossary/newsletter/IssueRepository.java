package dev.glossary.newsletter;

import dev.glossary.common.PageRequest;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class IssueRepository implements PanacheRepository<NewsletterIssue> {

    private static final Sort NEWEST_FIRST = Sort.descending("publishedAt", "id");

    public List<NewsletterIssue> newestFirst(PageRequest page) {
        return findAll(NEWEST_FIRST).page(Page.of(page.page(), page.size())).list();
    }

    public Optional<NewsletterIssue> latest() {
        return findAll(NEWEST_FIRST).firstResultOptional();
    }
}
