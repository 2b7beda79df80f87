package dev.glossary.newsletter;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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

    @Column(name = "published_at", nullable = false)
    public Instant publishedAt;
}
