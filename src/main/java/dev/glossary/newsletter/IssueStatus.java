package dev.glossary.newsletter;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Where an issue is on its way from an editor's draft to readers' inboxes; lower case, as the API and the database spell it. */
public enum IssueStatus {
    draft, scheduled, published, sent;

    /** Readers may see it (once its publishedAt has come). */
    public boolean isPublic() {
        return this == published || this == sent;
    }

    /** Editors may still change it. */
    public boolean isEditable() {
        return this == draft || this == scheduled;
    }

    @JsonValue
    public String json() {
        return name();
    }

    public static Optional<IssueStatus> parse(String value) {
        return Arrays.stream(values()).filter(status -> status.name().equals(value)).findFirst();
    }
}
