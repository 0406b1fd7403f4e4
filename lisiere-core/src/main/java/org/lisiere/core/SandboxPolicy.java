package org.lisiere.core;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lisiere.core.sql.ScriptStatement;
import org.lisiere.core.sql.Token;
import org.lisiere.core.sql.TokenType;
import org.lisiere.spi.ErrorCode;
import org.lisiere.spi.LisiereException;

/**
 * The engine statements that SQL from the network may not run, refused by their first keyword before the engine
 * sees them. The engine's own sandbox ({@link org.lisiere.spi.EngineConfig#sandbox}) refuses them again: two guards,
 * so that a gap in one is not a hole.
 */
final class SandboxPolicy {
    private static final String SETTINGS = "changes the engine's settings, which the server fixes";
    private static final String EXTENSIONS = "loads engine extensions";
    private static final String DATABASES = "reaches other databases";
    private static final String FILES = "reads or writes files on the server; upload files to the project and load"
            + " them with LOAD DATA";
    private static final Map<String, String> DENIED = Map.ofEntries(
            Map.entry("SET", SETTINGS), Map.entry("RESET", SETTINGS), Map.entry("PRAGMA", SETTINGS),
            Map.entry("INSTALL", EXTENSIONS), Map.entry("LOAD", EXTENSIONS), Map.entry("FORCE", EXTENSIONS),
            Map.entry("ATTACH", DATABASES), Map.entry("DETACH", DATABASES), Map.entry("USE", DATABASES),
            Map.entry("COPY", FILES), Map.entry("EXPORT", FILES), Map.entry("IMPORT", FILES));
    /** Prefixes that run the statement after them. */
    private static final List<String> PREFIXES = List.of("EXPLAIN", "ANALYZE");

    private SandboxPolicy() {}

    /** Refuses {@code statement} with PERMISSION_DENIED when its first keyword is one SQL from the network may not use. */
    static void check(ScriptStatement statement) {
        for (Token token : statement.tokens()) {
            if (token.type() == TokenType.SYMBOL && token.text().equals("(")) {
                continue;
            }
            String word = token.type() == TokenType.WORD ? token.text().toUpperCase(Locale.ROOT) : "";
            if (PREFIXES.contains(word)) {
                continue;
            }
            String reason = DENIED.get(word);
            if (reason != null) {
                throw new LisiereException(ErrorCode.PERMISSION_DENIED, word + " is not allowed over the network: it "
                        + reason, token.position());
            }
            return;
        }
    }
}
