package dev.glossary.newsletter;

import dev.glossary.config.GlossaryConfig;
import dev.glossary.subscriber.mail.SubscriptionLinks;
import io.quarkus.mailer.Mail;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

/** Renders one issue for one reader: text and HTML (Qute escapes the issue's text there), with their own unsubscribe link. */
@ApplicationScoped
public class IssueMail {

    private final Template text;
    private final Template html;
    private final GlossaryConfig config;
    private final SubscriptionLinks links;

    IssueMail(@Location("mail/issue.txt") Template text, @Location("mail/issue.html") Template html,
            GlossaryConfig config, SubscriptionLinks links) {
        this.text = text;
        this.html = html;
        this.config = config;
        this.links = links;
    }

    Mail compose(ClaimedMail mail) {
        String unsubscribeUrl = links.unsubscribe(mail.unsubscribeToken());
        return SubscriptionLinks.withUnsubscribeHeaders(Mail.withText(mail.recipient(), mail.title(),
                                data(text, mail, unsubscribeUrl).render())
                        .setHtml(data(html, mail, unsubscribeUrl).render()), unsubscribeUrl)
                .addHeader("Message-ID", messageId(mail.issueId(), mail.subscriberId()));
    }

    /** The same for every attempt at one (issue, subscriber), so a receiver can drop a duplicate. */
    String messageId(long issueId, long subscriberId) {
        return "<issue-" + issueId + "." + subscriberId + "@" + links.host() + ">";
    }

    private TemplateInstance data(Template template, ClaimedMail mail, String unsubscribeUrl) {
        return template.data("newsletter", config.newsletter().name())
                .data("title", mail.title())
                .data("summary", mail.summary())
                .data("url", mail.url())
                .data("unsubscribeUrl", unsubscribeUrl);
    }
}
