package dev.glossary.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Holds every rest-assured exchange of every {@code @QuarkusTest} to the document the app serves at /q/openapi: each
 * answer of a documented operation must match it (status, headers, body), and so must each request the service
 * accepted (2xx, 3xx). Requests it refused are tests of bad input; paths and methods outside the document
 * (/q/health, OPTIONS, ...) are not its business.
 */
public final class SpecConformance implements Filter {

    private static final SpecConformance FILTER = new SpecConformance();

    private final Map<String, OpenApiInteractionValidator> validators = new ConcurrentHashMap<>();
    private volatile String profile = "";

    /** Registered in META-INF/services: adds the filter before each test, whatever its class. */
    public static final class Registration implements QuarkusTestBeforeEachCallback {
        @Override
        public void beforeEach(QuarkusTestMethodContext context) {
            TestProfile testProfile = context.getTestInstance().getClass().getAnnotation(TestProfile.class);
            FILTER.profile = testProfile == null ? "" : testProfile.value().getName(); // another profile, another app
            if (!RestAssured.filters().contains(FILTER)) {
                RestAssured.filters(FILTER);
            }
        }
    }

    @Override
    public io.restassured.response.Response filter(FilterableRequestSpecification request,
            FilterableResponseSpecification expected, FilterContext context) {
        io.restassured.response.Response response = context.next(request, expected);
        OpenApiInteractionValidator validator = validators.computeIfAbsent(profile, key -> load(request));
        List<String> problems = problems(validator, RestAssuredRequest.of(request), RestAssuredResponse.of(response));
        if (!problems.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " -> " + response.getStatusCode()
                    + " disagrees with /q/openapi:\n  " + String.join("\n  ", problems));
        }
        return response;
    }

    /** What the document says is wrong with this exchange; nothing when it documents no such operation. */
    static List<String> problems(OpenApiInteractionValidator validator, Request request, Response response) {
        ValidationReport report = validator.validateResponse(request.getPath(), request.getMethod(), response);
        if (report.getMessages().stream().anyMatch(message -> message.getKey().endsWith(".path.missing")
                || message.getKey().endsWith(".operation.notAllowed"))) {
            return List.of();
        }
        if (response.getStatus() < 400) {
            report = report.merge(validator.validateRequest(request));
        }
        return report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> message.getKey() + ": " + message.getMessage()).toList();
    }

    /** Fetched past rest-assured, so that loading the document is not itself an exchange to check. */
    private static OpenApiInteractionValidator load(FilterableRequestSpecification request) {
        URI spec = URI.create(request.getURI()).resolve("/q/openapi?format=json");
        try {
            String document = HttpClient.newHttpClient().send(HttpRequest.newBuilder(spec).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return OpenApiInteractionValidator.createForInlineApiSpecification(document).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
