package org.lisiere.core.sql;

/** Kinds of SQL tokens. Comments and whitespace are not tokens. */
public enum TokenType {
    /** A keyword or unquoted identifier. */
    WORD,
    /** A double-quoted identifier. */
    QUOTED_IDENTIFIER,
    /** A single-quoted string literal. */
    STRING,
    /** A dollar-quoted string ({@code $$...$$} or {@code $tag$...$tag$}). */
    DOLLAR_STRING,
    NUMBER,
    /** Any other character, including {@code ;}. */
    SYMBOL,
    /** A quote or comment that the text ends inside of; its text runs to the end of the input. */
    UNTERMINATED
}
