package dev.glossary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JsonContentTypeTest {

    @Test
    void shouldDropAUtf8CharsetFromJsonTypes() {
        assertEquals("application/json", ResponseHeaders.withoutCharset("application/json;charset=UTF-8"));
        assertEquals("application/json", ResponseHeaders.withoutCharset("application/json; charset=\"utf-8\""));
        assertEquals("application/problem+json", ResponseHeaders.withoutCharset("application/problem+json;charset=UTF-8"));
        assertEquals("application/ld+json", ResponseHeaders.withoutCharset("application/ld+json;charset=UTF-8"));
    }

    @Test
    void shouldLeaveOtherTypesAndParametersAlone() {
        assertEquals("text/html;charset=UTF-8", ResponseHeaders.withoutCharset("text/html;charset=UTF-8"));
        assertEquals("application/json;charset=ISO-8859-1", ResponseHeaders.withoutCharset("application/json;charset=ISO-8859-1"));
        assertEquals("application/jsonx;charset=UTF-8", ResponseHeaders.withoutCharset("application/jsonx;charset=UTF-8"));
    }
}
