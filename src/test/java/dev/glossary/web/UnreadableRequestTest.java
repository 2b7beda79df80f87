package dev.glossary.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** What ProblemMapper makes of the REST layer's IllegalArgumentException, by the request's Content-Type. */
class UnreadableRequestTest {

    @Test
    void shouldBlameAContentTypeThatIsNoMediaType() {
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemMapper.unreadable("!!!/???"));
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, ProblemMapper.unreadable(""));
    }

    @Test
    void shouldBlameTheBodyOfAForm() {
        assertEquals(ProblemType.MALFORMED_REQUEST, ProblemMapper.unreadable("application/x-www-form-urlencoded"));
        assertEquals(ProblemType.MALFORMED_REQUEST, ProblemMapper.unreadable("Application/X-WWW-Form-URLEncoded; charset=UTF-8"));
        assertEquals(ProblemType.MALFORMED_REQUEST, ProblemMapper.unreadable("multipart/form-data; boundary=x"));
    }

    @Test
    void shouldBlameNoRequestThatTheRestLayerReadsWithoutFailing() {
        assertNull(ProblemMapper.unreadable(null));
        assertNull(ProblemMapper.unreadable("application/json"));
        assertNull(ProblemMapper.unreadable("*/*"));
    }
}
