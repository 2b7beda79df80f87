package dev.glossary.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
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
import io.swagger.v3.oas.models.parameters.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

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
        List<String> problems = problems(validator, withFormBody(request), RestAssuredResponse.of(response));
        if (!problems.isEmpty()) {
            throw new AssertionError(request.getMethod() + " " + request.getURI() + " -> " + response.getStatusCode()
                    + " disagrees with /q/openapi:\n  " + String.join("\n  ", problems));
        }
        return response;
    }

    /** What the document says is wrong with this exchange; nothing when it documents no such operation. */
    static List<String> problems(OpenApiInteractionValidator validator, Request request, Response response) {
        ValidationReport report = validator.validateResponse(request.getPath(), request.getMethod(), response);
        // 405: the path lacks the method (the validator may match the path to a template that has it).
        if (response.getStatus() == 405 || report.getMessages().stream().anyMatch(message -> message.getKey().endsWith(".path.missing")
                || message.getKey().endsWith(".operation.notAllowed"))) {
            return List.of();
        }
        if (response.getStatus() < 400) {
            report = report.merge(validator.validateRequest(request));
        }
        return report.getMessages().stream().filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .filter(message -> !emptyButAllowed(message))
                .map(message -> message.getKey() + ": " + message.getMessage()).toList();
    }

    /** The validator reads an empty value as a missing parameter, even where the document allows empty values. */
    private static boolean emptyButAllowed(ValidationReport.Message message) {
        return message.getKey().equals("validation.request.parameter.missing") && message.getContext()
                .flatMap(ValidationReport.MessageContext::getParameter).map(Parameter::getAllowEmptyValue).orElse(false);
    }

    /** The request with its form fields as its body: rest-assured encodes them after the filters, where the adapter cannot see them. */
    private static Request withFormBody(FilterableRequestSpecification request) {
        Request adapted = RestAssuredRequest.of(request);
        if (request.getFormParams().isEmpty() && request.getMultiPartParams().isEmpty()) {
            return adapted;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        request.getFormParams().forEach((name, value) -> fields.put(name, String.valueOf(value)));
        request.getMultiPartParams().forEach(part -> fields.put(part.getControlName(), String.valueOf(part.getContent())));
        SimpleRequest.Builder copy = new SimpleRequest.Builder(adapted.getMethod(), adapted.getPath())
                .withBody(fields.entrySet().stream().map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
                        .collect(Collectors.joining("&")));
        adapted.getHeaders().forEach((name, values) -> copy.withHeader(name, List.copyOf(values)));
        adapted.getQueryParameters().forEach(name -> copy.withQueryParam(name, List.copyOf(adapted.getQueryParameterValues(name))));
        return copy.build();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
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
