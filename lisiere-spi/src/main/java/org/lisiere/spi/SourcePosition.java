package org.lisiere.spi;

/**
 * A 1-based line and column in a SQL script or statement.
 */
public record SourcePosition(int line, int column) {
    public static final SourcePosition START = new SourcePosition(1, 1);

    public SourcePosition {
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1: " + line);
        }
        if (column < 1) {
            throw new IllegalArgumentException("column must be >= 1: " + column);
        }
    }

    /**
     * Translates a position relative to a statement into a position in the script the statement starts in.
     */
    public SourcePosition relativeTo(SourcePosition statementStart) {
        if (line == 1) {
            return new SourcePosition(statementStart.line(), statementStart.column() + column - 1);
        }
        return new SourcePosition(statementStart.line() + line - 1, column);
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
