package dev.glossary.newsletter;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.ProblemException;
import dev.glossary.common.Texts;
import dev.glossary.mail.Masthead;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

@ApplicationScoped
@Transactional
public class NewsletterService {

    private final IssueRepository issues;
    private final Masthead masthead;

    NewsletterService(IssueRepository issues, Masthead masthead) {
        this.issues = issues;
        this.masthead = masthead;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public NewsletterResponse newsletter() {
        return new NewsletterResponse(masthead.name(), masthead.tagline(),
                issues.latest().map(IssueResponse::of).orElse(null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<IssueResponse> list(PageRequest page) {
        return Page.counted(page, issues.count(),
                () -> issues.newestFirst(page).stream().map(IssueResponse::of).toList());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public IssueResponse get(long id) {
        return issues.findByIdOptional(id).map(IssueResponse::of)
                .orElseThrow(() -> ProblemException.notFound("No issue has the id " + id));
    }

    public IssueResponse publish(IssueRequest request) {
        NewsletterIssue issue = new NewsletterIssue();
        issue.title = request.title().strip();
        issue.summary = Texts.blankToNull(request.summary());
        issue.url = request.url();
        // Whole seconds, like every other timestamp of the API.
        issue.publishedAt = (request.publishedAt() == null ? Instant.now() : request.publishedAt())
                .truncatedTo(ChronoUnit.SECONDS);
        issues.persistAndFlush(issue);
        return IssueResponse.of(issue);
    }
}
