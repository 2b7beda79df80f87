package dev.glossary.subscriber;

import dev.glossary.common.Page;
import dev.glossary.common.PageRequest;
import dev.glossary.common.ProblemException;
import dev.glossary.common.Texts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Double opt-in. Subscribing makes an address pending and queues a confirmation mail in the same
 * transaction; the mail leaves later, from the outbox, so a request never waits for SMTP and
 * takes about as long whatever the address's state.
 */
@ApplicationScoped
@Transactional
public class SubscriberService {

    private final SubscriberRepository subscribers;
    private final TokenRepository tokens;
    private final MailOutbox outbox;
    private final SubscribersConfig config;

    SubscriberService(SubscriberRepository subscribers, TokenRepository tokens, MailOutbox outbox,
            SubscribersConfig config) {
        this.subscribers = subscribers;
        this.tokens = tokens;
        this.outbox = outbox;
        this.config = config;
    }

    /** New, pending and unsubscribed addresses become pending; a confirmed one stays as it is. */
    public void subscribe(String email, String source) {
        var subscription = subscribers.upsertPending(EmailAddresses.normalise(email), Texts.blankToNull(source),
                config.confirmationMailInterval());
        if (!subscription.confirmationMailDue()) {
            return;
        }
        long id = subscription.id();
        subscribers.markConfirmationMailed(id);
        String confirmToken = Tokens.generate();
        String unsubscribeToken = Tokens.generate();
        tokens.addConfirmToken(Tokens.hash(confirmToken), id, config.confirmationLifetime());
        tokens.addUnsubscribeToken(Tokens.hash(unsubscribeToken), id);
        outbox.enqueueConfirmation(id, confirmToken, unsubscribeToken);
    }

    /** Idempotent: confirming a confirmed address succeeds again, even with an expired link. */
    public void confirm(String token) {
        var holder = tokens.lockHolder(Tokens.hash(token), TokenPurpose.CONFIRM)
                .orElseThrow(() -> ProblemException.notFound("This confirmation link is not valid"));
        switch (holder.status()) {
            case CONFIRMED -> {
                // already done
            }
            case UNSUBSCRIBED -> throw ProblemException.gone(
                    "This subscription was cancelled; subscribe again to get a new confirmation link");
            case PENDING -> {
                if (holder.expired()) {
                    throw ProblemException.gone("This confirmation link has expired; subscribe again to get a new one");
                }
                subscribers.confirm(holder.subscriberId());
            }
        }
    }

    /** Idempotent, and unsubscribe links never expire. */
    public void unsubscribe(String token) {
        var holder = tokens.lockHolder(Tokens.hash(token), TokenPurpose.UNSUBSCRIBE)
                .orElseThrow(() -> ProblemException.notFound("This unsubscribe link is not valid"));
        if (holder.status() != SubscriberStatus.UNSUBSCRIBED) {
            subscribers.unsubscribe(holder.subscriberId());
        }
        outbox.cancelQueuedFor(holder.subscriberId());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<SubscriberView> list(SubscriberStatus status, PageRequest page) {
        return Page.counted(page, subscribers.count(status),
                () -> subscribers.page(status, page).stream().map(SubscriberView::of).toList());
    }

    /** Erases the address with its tokens and mails, for good. */
    public void erase(long id) {
        if (!subscribers.erase(id)) {
            throw ProblemException.notFound("No subscriber has the id " + id);
        }
    }
}
