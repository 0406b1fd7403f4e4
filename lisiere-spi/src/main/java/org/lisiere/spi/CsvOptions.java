package org.lisiere.spi;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How to read a CSV file; every empty option is detected from the file.
 *
 * @param header whether the first line names the columns
 * @param delimiter the field separator
 * @param quote the quote character
 * @param nullString the text that stands for NULL
 */
public record CsvOptions(
        Optional<Boolean> header, Optional<String> delimiter, Optional<String> quote, Optional<String> nullString) {
    public static final CsvOptions DETECT = new CsvOptions(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    public CsvOptions {
        requireNonNull(header, "header is null");
        requireNonNull(delimiter, "delimiter is null");
        requireNonNull(quote, "quote is null");
        requireNonNull(nullString, "nullString is null");
    }
}
