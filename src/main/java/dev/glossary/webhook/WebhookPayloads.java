package dev.glossary.webhook;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

/** The bodies a receiver gets, and their schemas: SmallRye does not register schemas met only in callbacks. */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class WebhookPayloads implements OASFilter {

    /** The events an endpoint can subscribe to (the CHECK on webhook_event.type lists the same). */
    static final String TERM_CREATED = "term.created";
    static final String TERM_UPDATED = "term.updated";
    static final String TERM_DELETED = "term.deleted";
    static final String ISSUE_PUBLISHED = "newsletter.issue.published";
    static final List<String> EVENTS = List.of(TERM_CREATED, TERM_UPDATED, TERM_DELETED, ISSUE_PUBLISHED);

    static final String HEADERS = "Standard Webhooks: POST with Content-Type application/json and the headers"
            + " webhook-id (msg_..., the same on every retry of one event), webhook-timestamp (Unix seconds of this"
            + " attempt) and webhook-signature (space-separated 'v1,<base64 HMAC-SHA256>' over"
            + " '{webhook-id}.{webhook-timestamp}.{body}', keyed with the base64-decoded part of the secret after"
            + " 'whsec_'; during the 24 h after a rotation a second entry is signed with the previous secret)."
            + " Verify over the raw bytes, before any JSON parsing.";

    static final String GONE = "Gone: the endpoint is disabled at once; no more deliveries reach it";

    static final String ACKNOWLEDGE = "Any 2xx within 10 s acknowledges the event. Anything else is retried with"
            + " growing delays for 24 h; 410 Gone disables the endpoint at once. Redirects are not followed.";

    record TermEvent(String type, Instant timestamp, TermData data) {
    }

    /** seq: where the feed lists the term's latest change when the event was first prepared. */
    record TermData(UUID id, String slug, int revision, Long seq) {
    }

    record IssueEvent(String type, Instant timestamp, IssueData data) {
    }

    record IssueData(long id, String title) {
    }

    @Override
    public void filterOpenAPI(OpenAPI document) {
        if (document.getComponents() == null) {
            document.setComponents(OASFactory.createComponents());
        }
        List<Parameter> headers = List.of(
                header("webhook-id", string().example("msg_2f7d9c1e-6a4b-4c1a-9f3e-0b5d8e7a6c21"),
                        "The event's id: the same on every retry of one event; deduplicate on it"),
                header("webhook-timestamp", int64().example(1795000000L),
                        "Unix seconds of this attempt (fresh on every retry); refuse one far from now, a replay"),
                header("webhook-signature", string().example("v1,wXcKD55ZDJnqGsbZM7Ajm6gPDeHVnKax/reUQUFU4yQ="),
                        "Space-separated 'v1,<base64>' HMAC-SHA256 signatures over '{webhook-id}.{webhook-timestamp}.{body}';"
                                + " any one that matches authenticates the body"));
        // The deliveries' headers, set here: SmallRye drops @Parameter(ref) on a callback operation.
        PathItem webhooks = document.getPaths() == null ? null : document.getPaths().getPathItem("/webhooks");
        if (webhooks != null && webhooks.getPOST() != null && webhooks.getPOST().getCallbacks() != null) {
            webhooks.getPOST().getCallbacks().values().forEach(callback -> callback.getPathItems().values()
                    .forEach(delivery -> delivery.getOperations().values().forEach(sent -> sent.setParameters(headers))));
        }
        document.getComponents()
                .addSchema("TermWebhookEvent", event("term.created, term.updated or term.deleted. " + HEADERS,
                        List.of(TERM_CREATED, TERM_UPDATED, TERM_DELETED), "TermWebhookData"))
                .addSchema("TermWebhookData", object("The term an event is about")
                        .addProperty("id", string().format("uuid").description("The term's immutable id")
                                .example("0b7e3c52-8f1d-4e6a-9c2b-5a4d3e2f1a0b"))
                        .addProperty("slug", string().example("transfer-learning"))
                        .addProperty("revision", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int32")
                                .description("The revision this event announces").example(3))
                        .addProperty("seq", int64().addType(Schema.SchemaType.NULL).example(42L).description("Where GET /changes lists the"
                                + " term's latest change when the event was first sent (at or after this revision): read"
                                + " the feed from before it to fill any gap"))
                        .required(List.of("id", "slug", "revision", "seq")))
                .addSchema("IssueWebhookEvent", event("newsletter.issue.published. " + HEADERS,
                        List.of(ISSUE_PUBLISHED), "IssueWebhookData"))
                .addSchema("IssueWebhookData", object("The published issue")
                        .addProperty("id", int64().example(12L))
                        .addProperty("title", string().example("Three numbers from the AI economy"))
                        .required(List.of("id", "title")));
    }

    private static Schema event(String description, List<String> types, String data) {
        return object(description)
                .addProperty("type", string().enumeration(List.copyOf(types)).example(types.get(0)))
                .addProperty("timestamp", string().format("date-time").description("When the write committed")
                        .example("2026-11-26T10:15:30Z"))
                .addProperty("data", OASFactory.createSchema().ref("#/components/schemas/" + data))
                .required(List.of("type", "timestamp", "data"));
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT).description(description);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING);
    }

    private static Schema int64() {
        return OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).format("int64");
    }

    private static Parameter header(String name, Schema schema, String description) {
        return OASFactory.createParameter().name(name).in(Parameter.In.HEADER).required(true)
                .description(description).schema(schema);
    }
}
