package dev.glossary.newsletter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** created_at is the column's default: no answer shows it. */
@Entity
@Table(name = "newsletter_issue")
public class NewsletterIssue {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String title;
    public String summary;
    public String url;

    /** Null until the issue is published (drafts and scheduled issues have none). */
    @Column(name = "published_at")
    public Instant publishedAt;

    @Enumerated(EnumType.STRING)
    public IssueStatus status;

    /** When a scheduled issue is due; kept once it went out that way. */
    @Column(name = "send_at")
    public Instant sendAt;

    /** What the public may see: published or sent, and not dated in the future. */
    boolean isPublicAt(Instant now) {
        return status.isPublic() && !publishedAt.isAfter(now);
    }
}
