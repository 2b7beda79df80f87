package dev.glossary.mail;

import io.quarkus.mailer.Mail;

/**
 * A mail whose text and HTML are a rendering shared by many readers with this reader's unsubscribe
 * link put in. They are made only when asked for: the pipelined sender splices the reader's token into
 * a body it encoded once for the rendering ({@link SplicedBody}) and never asks.
 */
public final class SharedMail extends Mail {

    private final SubscriptionLinks.Shared rendering;
    private final String token;
    private final String unsubscribeUrl;
    private String text;
    private String html;
    private boolean textSet;
    private boolean htmlSet;

    SharedMail(String to, String subject, SubscriptionLinks.Shared rendering, String token, String unsubscribeUrl) {
        this.rendering = rendering;
        this.token = token;
        this.unsubscribeUrl = unsubscribeUrl;
        addTo(to);
        setSubject(subject);
    }

    /** The shared rendering this mail's text and HTML are made of; null once either was set otherwise. */
    public SubscriptionLinks.Shared rendering() {
        return textSet || htmlSet ? null : rendering;
    }

    /** The reader's token, where the rendering has {@link SubscriptionLinks.Shared#standInToken()}. */
    public String token() {
        return token;
    }

    @Override
    public String getText() {
        if (textSet) {
            return super.getText();
        }
        if (text == null) {
            text = rendering.text().replace(rendering.standIn(), unsubscribeUrl);
        }
        return text;
    }

    @Override
    public Mail setText(String text) {
        textSet = true;
        return super.setText(text);
    }

    @Override
    public String getHtml() {
        if (htmlSet) {
            return super.getHtml();
        }
        if (html == null) {
            html = rendering.html().replace(rendering.standIn(), unsubscribeUrl);
        }
        return html;
    }

    @Override
    public Mail setHtml(String html) {
        htmlSet = true;
        return super.setHtml(html);
    }
}
