package dev.glossary.subscriber;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.Texts;
import dev.glossary.mail.MailTokens;
import dev.glossary.subscriber.TokenRepository.Purpose;
import dev.glossary.web.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Double opt-in; the confirmation mail is queued in the same transaction, so no request waits for SMTP. */
@ApplicationScoped
@Transactional
public class SubscriberService {

    @Schema(name = "Subscriber", description = "A newsletter address as admins see it")
    public record SubscriberView(
            @Schema(example = "42") long id,
            @Schema(example = "reader@example.org") String email,
            @Schema(type = SchemaType.STRING, enumeration = {"pending", "confirmed", "unsubscribed", "bounced", "complained"},
                    example = "confirmed")
            String status,
            @Schema(nullable = true, example = "glossary-page") String source,
            @Schema(example = "2026-11-26T10:15:30Z") Instant createdAt,
            @Schema(implementation = String.class, format = "date-time", nullable = true, example = "2026-11-26T10:17:02Z")
            Instant confirmedAt,
            @Schema(implementation = String.class, format = "date-time", nullable = true, example = "2026-11-27T08:00:00Z")
            Instant unsubscribedAt) {

        static SubscriberView of(Subscriber subscriber) {
            return new SubscriberView(subscriber.id, subscriber.email, subscriber.status, subscriber.source,
                    seconds(subscriber.createdAt), seconds(subscriber.confirmedAt), seconds(subscriber.unsubscribedAt));
        }

        /** The contract shows whole seconds. */
        private static Instant seconds(Instant instant) {
            return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS);
        }
    }

    @Inject SubscriberRepository subscribers;
    @Inject TokenRepository tokens;
    @Inject MailOutbox outbox;
    @Inject SubscribersConfig config;
    @Inject MailTokens mailTokens;

    /** New, pending and unsubscribed addresses become pending; a confirmed one stays as it is. */
    public void subscribe(String email, String source) {
        var subscription = subscribers.upsertPending(EmailAddresses.normalise(email), Texts.blankToNull(source),
                config.confirmationMailInterval());
        if (!subscription.confirmationMailDue()) {
            return;
        }
        long id = subscription.id();
        subscribers.markConfirmationMailed(id);
        outbox.enqueueConfirmation(id, tokens.add(id, Purpose.CONFIRM, config.confirmationLifetime()),
                tokens.add(id, Purpose.UNSUBSCRIBE, null));
    }

    /** Idempotent: confirming a confirmed address succeeds again, even with an expired link. */
    public void confirm(String token) {
        var holder = tokens.lockHolder(token, Purpose.CONFIRM)
                .orElseThrow(() -> ProblemException.notFound("This confirmation link is not valid"));
        switch (holder.status()) {
            case CONFIRMED -> {
                // already done
            }
            case UNSUBSCRIBED, BOUNCED, COMPLAINED -> throw ProblemException.gone(
                    "This subscription was cancelled; subscribe again to get a new confirmation link");
            case PENDING -> {
                if (holder.expired()) {
                    throw ProblemException.gone("This confirmation link has expired; subscribe again to get a new one");
                }
                subscribers.confirm(holder.subscriberId());
            }
        }
    }

    /**
     * Idempotent, and unsubscribe links never expire; the link that unsubscribed someone says so (issue
     * figures). An issue mail's link is the mail's signed name; any other link is a stored token.
     */
    public void unsubscribe(String token) {
        var issueMail = mailTokens.verify(token).filter(named -> named.kind() == MailTokens.Kind.ISSUE);
        if (issueMail.isPresent()) {
            long subscriberId = issueMail.get().subscriberId();
            if (subscribers.lockStatus(subscriberId) == null) {
                throw invalidUnsubscribeLink(); // erased since: the signature alone must not reveal that it existed
            }
            if (subscribers.unsubscribe(subscriberId)) {
                tokens.markUnsubscribedThrough(issueMail.get().reference(), subscriberId);
            }
            outbox.cancelQueuedFor(subscriberId);
            return;
        }
        var holder = tokens.lockHolder(token, Purpose.UNSUBSCRIBE).orElseThrow(SubscriberService::invalidUnsubscribeLink);
        if (subscribers.unsubscribe(holder.subscriberId())) {
            tokens.markUnsubscribed(token);
        }
        outbox.cancelQueuedFor(holder.subscriberId());
    }

    private static ProblemException invalidUnsubscribeLink() {
        return ProblemException.notFound("This unsubscribe link is not valid");
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SubscriberView> list(SubscriberStatus status, PageRequest page) {
        return Page.counted(page, subscribers.count(status),
                () -> subscribers.page(status, page).stream().map(SubscriberView::of).toList());
    }

    public void erase(long id) {
        if (!subscribers.erase(id)) {
            throw ProblemException.notFound("No subscriber has the id " + id);
        }
    }
}
