package dev.glossary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The path templates HttpMethods reads from the build's OpenAPI document (HttpMethodsTest checks the served one). */
class HttpMethodsTemplatesTest {

    private static final String DOCUMENT = """
            {"openapi": "3.0.3", "paths": {
              "/subscribers/{id}": {"delete": {}, "parameters": [], "summary": "x", "x-extension": {}},
              "/subscribers/confirm": {"post": {}},
              "/terms": {"get": {}, "post": {}},
              "/terms/{slug}/related/{other}": {"put": {}, "delete": {}}
            }}""";

    private static List<HttpMethods.Template> templates() throws IOException {
        return HttpMethods.read(new ByteArrayInputStream(DOCUMENT.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldAllowEachPathsOperationsWithHeadBesideGetAndOptionsAlways() throws IOException {
        assertEquals("GET, HEAD, POST, OPTIONS", HttpMethods.allowed(templates(), "/terms", "DELETE"));
        assertEquals("PUT, DELETE, OPTIONS", HttpMethods.allowed(templates(), "/terms/a/related/b", "GET"));
    }

    @Test
    void shouldIgnorePathItemFieldsThatAreNotMethods() throws IOException {
        assertEquals("DELETE, OPTIONS", HttpMethods.allowed(templates(), "/subscribers/7", "GET"));
    }

    @Test
    void shouldLetALiteralSegmentBeatAParameter() throws IOException {
        assertEquals("POST, OPTIONS", HttpMethods.allowed(templates(), "/subscribers/confirm", "DELETE"));
    }

    @Test
    void shouldAnswerNullForAnAllowedMethodAnUnknownPathOrAnEmptyParameter() throws IOException {
        assertNull(HttpMethods.allowed(templates(), "/terms", "POST"));
        assertNull(HttpMethods.allowed(templates(), "/no/such/path", "GET"));
        assertNull(HttpMethods.allowed(templates(), "/subscribers/", "DELETE"));
    }

    @Test
    void shouldListEveryMethodForOptions() throws IOException {
        assertEquals("GET, HEAD, POST, OPTIONS", HttpMethods.allowed(templates(), "/terms", null));
    }
}
