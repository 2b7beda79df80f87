package dev.glossary.fuzz;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What every answer owes the contract, whatever was asked: API.md's error rules and the published spec. */
final class ContractChecks {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern STACK_FRAME = Pattern.compile("\\bat [\\w$.]+\\([\\w$]+\\.java:\\d+\\)|\\bat [\\w$]+(\\.[\\w$]+){2,}\\(");

    private final OpenApiInteractionValidator validator;

    ContractChecks(String spec) {
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(spec).build();
    }

    List<String> violations(ApiOperation operation, RawHttp.Request request, RawHttp.Response response) {
        List<String> violations = new ArrayList<>();
        int status = response.status();
        Integer bare = transportRejection(request);
        if (bare != null) {
            // Quarkus and Vert.x refuse what they cannot parse with a bare status, before any
            // application code runs; all that can be held to is that it is that status.
            if (status != bare) {
                violations.add("a request the transport must refuse with " + bare + " answered " + status);
            }
            return violations;
        }
        String body = response.text();
        if (status >= 500) {
            violations.add("a 5xx answer");
        }
        if (status >= 400) {
            problemShape(response, violations);
        }
        for (String marker : FuzzValues.LEAK_MARKERS) {
            if (body.contains(marker)) {
                violations.add("the body leaks '" + marker + "'");
            }
        }
        if (STACK_FRAME.matcher(body).find()) {
            violations.add("the body holds a stack-trace line");
        }
        SimpleResponse.Builder answer = SimpleResponse.Builder.status(status).withBody(body);
        response.headers().forEach((name, values) -> answer.withHeader(name, values));
        ValidationReport report = validator.validateResponse(RequestFactory.templatePath(operation),
                Request.Method.valueOf(operation.method()), answer.build());
        report.getMessages().forEach(message -> violations.add("spec " + message.getKey() + ": " + message.getMessage()));
        return violations;
    }

    /**
     * The bare status of a request refused before routing: a request-target java.net.URI cannot parse
     * (Quarkus, 400) or a header value with a control character (Netty, 400); null for any other.
     */
    static Integer transportRejection(RawHttp.Request request) {
        if (!parseableUri(request.target())) {
            return 400;
        }
        for (String value : request.headers().values()) {
            if (value.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
                return 400;
            }
        }
        return null;
    }

    static boolean parseableUri(String target) {
        try {
            new URI(target);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void problemShape(RawHttp.Response response, List<String> violations) {
        String contentType = response.header("Content-Type");
        if (contentType == null || !contentType.startsWith("application/problem+json")) {
            violations.add("a " + response.status() + " with Content-Type " + contentType + ", not application/problem+json");
            return;
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(response.body());
        } catch (IOException e) {
            violations.add("a problem body that is not JSON");
            return;
        }
        if (problem == null || !problem.isObject()) {
            violations.add("a problem body that is not a JSON object");
            return;
        }
        for (String field : List.of("type", "title", "detail")) {
            if (!problem.path(field).isTextual() || problem.path(field).asText().isBlank()) {
                violations.add("a problem without a '" + field + "' text");
            }
        }
        if (problem.path("status").asInt(-1) != response.status()) {
            violations.add("a problem whose status " + problem.path("status") + " is not the HTTP status");
        }
    }
}
