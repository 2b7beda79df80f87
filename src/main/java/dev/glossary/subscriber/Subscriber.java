package dev.glossary.subscriber;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A newsletter address and its consent record; written with plain SQL by {@link SubscriberRepository}, read as an entity. */
@Entity
@Table(name = "subscriber")
public class Subscriber {

    @Id
    public Long id;

    public String email;
    public String status;
    public String source;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** When the address last asked to subscribe: with the source, the consent proof. */
    @Column(name = "subscribed_at", nullable = false)
    public Instant subscribedAt;

    @Column(name = "confirmed_at")
    public Instant confirmedAt;

    @Column(name = "unsubscribed_at")
    public Instant unsubscribedAt;
}
