package dev.glossary.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A partner's URL; its previous secret and the rotation are plain SQL in {@link WebhookRepository} (the database's clock). */
@Entity
@Table(name = "webhook_endpoint")
public class WebhookEndpoint {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String url;

    @JdbcTypeCode(SqlTypes.ARRAY)
    public List<String> events;

    public byte[] secret;

    /** The database's now(), like every other webhook timestamp. */
    @Generated
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "disabled_at", insertable = false, updatable = false)
    public Instant disabledAt;
}
