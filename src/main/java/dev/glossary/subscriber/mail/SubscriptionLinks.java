package dev.glossary.subscriber.mail;

import dev.glossary.config.GlossaryConfig;
import io.quarkus.mailer.Mail;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/** The links and headers every mail about a subscription carries, built from the public base URL. */
@ApplicationScoped
public class SubscriptionLinks {

    private final GlossaryConfig config;

    SubscriptionLinks(GlossaryConfig config) {
        this.config = config;
    }

    public String confirm(String token) {
        return link("confirm", token);
    }

    public String unsubscribe(String token) {
        return link("unsubscribe", token);
    }

    /** RFC 8058 one-click unsubscribe: mail clients show an unsubscribe button that POSTs to the link. */
    public static Mail withUnsubscribeHeaders(Mail mail, String unsubscribeUrl) {
        return mail.addHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    /** The host of the public base URL: the right-hand side of our Message-IDs. */
    public String host() {
        String host = URI.create(config.publicBaseUrl()).getHost();
        return host == null ? "localhost" : host;
    }

    /** Tokens are base64url, so they go into the query as they are. */
    private String link(String action, String token) {
        String base = config.publicBaseUrl();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                + "/subscribers/" + action + "?token=" + token;
    }
}
