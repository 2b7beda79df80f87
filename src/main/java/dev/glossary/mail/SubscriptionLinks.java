package dev.glossary.mail;

import io.quarkus.mailer.Mail;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The links every mail about a subscription carries, and the rendering those mails share. */
@ApplicationScoped
public class SubscriptionLinks {

    @Inject Masthead masthead;
    @Inject Engine qute;
    private final String base;
    private final String host;

    SubscriptionLinks(@ConfigProperty(name = "glossary.public-base-url") String publicBaseUrl) {
        this.base = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        String parsed = URI.create(base).getHost();
        this.host = parsed == null ? "localhost" : parsed;
    }

    /** Tokens are base64url, so they go into the query as they are. */
    public String link(String action, String token) {
        return base + "/subscribers/" + action + "?token=" + token;
    }

    /** The host of the public base URL: the right-hand side of our Message-IDs. */
    public String host() {
        return host;
    }

    /** Text and HTML from templates/{template}.txt and .html, with the unsubscribe link and RFC 8058 one-click headers. */
    public Mail compose(String to, String subject, String template, String unsubscribeToken, Map<String, Object> data) {
        String unsubscribeUrl = link("unsubscribe", unsubscribeToken);
        return Mail.withText(to, subject, render(qute.getTemplate(template + ".txt"), data, unsubscribeUrl))
                .setHtml(SevenBitHtml.of(render(qute.getTemplate(template + ".html"), data, unsubscribeUrl)))
                .addHeader("List-Unsubscribe", "<" + unsubscribeUrl + ">")
                .addHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
    }

    private String render(Template template, Map<String, Object> data, String unsubscribeUrl) {
        var instance = template.data("newsletter", masthead.name()).data("tagline", masthead.tagline())
                .data("unsubscribeUrl", unsubscribeUrl);
        data.forEach(instance::data);
        return instance.render();
    }
}
