package dev.glossary.subscriber.mail;

import dev.glossary.config.GlossaryConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders the double opt-in mail, plain text and HTML, with the RFC 8058 one-click headers. */
@ApplicationScoped
public class ConfirmationMail {

    private final Template text;
    private final Template html;
    private final GlossaryConfig config;
    private final SubscriptionLinks links;

    ConfirmationMail(@Location("mail/confirmation.txt") Template text,
            @Location("mail/confirmation.html") Template html, GlossaryConfig config, SubscriptionLinks links) {
        this.text = text;
        this.html = html;
        this.config = config;
        this.links = links;
    }

    Mail compose(QueuedMail queued) {
        String confirmUrl = links.confirm(queued.confirmToken());
        String unsubscribeUrl = links.unsubscribe(queued.unsubscribeToken());
        String newsletter = config.newsletter().name();
        long lifetimeHours = config.subscribers().confirmationLifetime().toHours();
        return SubscriptionLinks.withUnsubscribeHeaders(Mail.withText(queued.recipient(),
                        "Confirm your subscription to " + newsletter,
                        data(text, newsletter, confirmUrl, unsubscribeUrl, lifetimeHours).render())
                .setHtml(data(html, newsletter, confirmUrl, unsubscribeUrl, lifetimeHours).render()), unsubscribeUrl);
    }

    private TemplateInstance data(Template template, String newsletter, String confirmUrl, String unsubscribeUrl,
            long lifetimeHours) {
        return template.data("newsletter", newsletter)
                .data("tagline", config.newsletter().tagline())
                .data("confirmUrl", confirmUrl)
                .data("unsubscribeUrl", unsubscribeUrl)
                .data("lifetimeHours", lifetimeHours);
    }
}
