package org.lisiere.cli;

import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.DefaultParser;
import org.lisiere.core.sql.SqlSplitter;

/**
 * Keeps the shell reading lines until the statement ends with a semicolon outside quotes and comments; dot-commands
 * end at the end of their line.
 */
final class SqlLineParser extends DefaultParser {
    SqlLineParser() {
        setEscapeChars(null);
        setQuoteChars(new char[0]);
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (context == ParseContext.ACCEPT_LINE && !isCompleteInput(line)) {
            throw new EOFError(-1, cursor, "statement not terminated with ';'");
        }
        return super.parse(line, cursor, context);
    }

    static boolean isCompleteInput(String text) {
        String trimmed = text.strip();
        return trimmed.isEmpty() || trimmed.startsWith(".") || SqlSplitter.isComplete(text);
    }
}
