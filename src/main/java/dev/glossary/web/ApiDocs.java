package dev.glossary.web;

/** Constants the OpenAPI annotations share, so that every operation documents errors alike. */
public final class ApiDocs {

    public static final String JSON = "application/json";
    public static final String JSON_LD = "application/ld+json";
    public static final String PROBLEM = Problem.MEDIA_TYPE;
    public static final String BASIC_AUTH = "basicAuth";
    /** Bearer API tokens; an operation that takes them lists both requirements (either will do). */
    public static final String API_TOKEN = "apiToken";

    public static final String MALFORMED_EXAMPLE = """
            {"type": "https://glossary.example/problems/malformed-request", "title": "Malformed request", "status": 400,
             "detail": "The body is not valid JSON", "instance": "/terms"}""";
    public static final String PAGE_EXAMPLE = """
            {"type": "https://glossary.example/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "size must be between 1 and 100", "instance": "/terms",
             "errors": [{"field": "size", "message": "must be between 1 and 100"}]}""";
    public static final String SUGGESTIONS_EXAMPLE = """
            {"type": "https://glossary.example/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "limit must be between 1 and 20", "instance": "/suggestions",
             "errors": [{"field": "limit", "message": "must be between 1 and 20"}]}""";
    public static final String SUBSCRIBE_EXAMPLE = """
            {"type": "https://glossary.example/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "email must be a valid email address", "instance": "/subscribers",
             "errors": [{"field": "email", "message": "must be a valid email address"}]}""";
    public static final String NOT_FOUND_EXAMPLE = """
            {"type": "https://glossary.example/problems/not-found", "title": "Not found", "status": 404,
             "detail": "No term has the slug 'quantum-llama'", "instance": "/terms/quantum-llama"}""";
    public static final String CONFLICT_EXAMPLE = """
            {"type": "https://glossary.example/problems/conflict", "title": "Conflict", "status": 409,
             "detail": "The slug 'fine-tuning' is already taken", "instance": "/terms"}""";
    public static final String UNAUTHORIZED_EXAMPLE = """
            {"type": "https://glossary.example/problems/unauthorized", "title": "Authentication required",
             "status": 401, "detail": "Credentials are required (HTTP Basic, or an API token as Bearer)", "instance": "/terms"}""";
    public static final String FORBIDDEN_EXAMPLE = """
            {"type": "https://glossary.example/problems/forbidden", "title": "Forbidden", "status": 403,
             "detail": "Your role does not allow this operation", "instance": "/subscribers"}""";
    public static final String PRECONDITION_EXAMPLE = """
            {"type": "https://glossary.example/problems/precondition-failed", "title": "Precondition failed",
             "status": 412, "detail": "The term has changed since you read it; fetch it again and retry",
             "instance": "/terms/fine-tuning"}""";
    public static final String UNPROCESSABLE_EXAMPLE = """
            {"type": "https://glossary.example/problems/unprocessable", "title": "Unprocessable request",
             "status": 422, "detail": "No term has the related slug(s): quantum-llama", "instance": "/terms"}""";

    public static final String TERM_NOT_ACCEPTABLE_EXAMPLE = """
            {"type": "https://glossary.example/problems/not-acceptable", "title": "Not acceptable", "status": 406,
             "detail": "This term is available as application/json or application/ld+json",
             "instance": "/terms/transfer-learning"}""";
    public static final String DEFINED_TERM_EXAMPLE = """
            {"@context": "https://schema.org", "@type": "DefinedTerm",
             "@id": "https://glossary.example/terms/artificial-general-intelligence",
             "url": "https://glossary.example/terms/artificial-general-intelligence",
             "name": "Artificial General Intelligence (AGI)",
             "description": "A hypothetical form of AI that can understand, learn, and apply knowledge across any intellectual task ...",
             "termCode": "artificial-general-intelligence", "alternateName": ["agi"],
             "inDefinedTermSet": "https://glossary.example/terms"}""";

    public static final String OVERLOADED_EXAMPLE = """
            {"type": "https://glossary.example/problems/overloaded", "title": "Overloaded", "status": 503,
             "detail": "Too many expensive reads (searches, listing pages, bulk fetches) are running; retry shortly",
             "instance": "/terms"}""";

    private ApiDocs() {
    }
}
