package dev.glossary.term;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The sub-packages of term/ depend only downwards (docs/architecture/term.md): no cycle, no arrow up. */
class TermLayersTest {

    private static final Path ROOT = Path.of("src/main/java/dev/glossary/term");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.glossary\\.term\\.(?:(\\w+)\\.)?[A-Z]", Pattern.MULTILINE);
    private static final Map<String, Set<String>> ALLOWED = Map.of(
            "", Set.of(),
            "read", Set.of(""),
            "search", Set.of("", "read"),
            "search/index", Set.of(""),
            "feed", Set.of("", "read"),
            "history", Set.of(""));

    @Test
    void shouldOnlyDependDownwards() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                String layer = ROOT.relativize(file.getParent()).toString();
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1) == null ? "" : imports.group(1);
                    if (!target.equals(layer) && !ALLOWED.getOrDefault(layer, Set.of()).contains(target)) {
                        violations.add(file + " imports from term." + target);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
