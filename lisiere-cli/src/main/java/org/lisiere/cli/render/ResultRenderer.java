package org.lisiere.cli.render;

import java.io.PrintWriter;
import org.lisiere.spi.QueryResult;

/** Writes the rows of a result in one output format. */
public interface ResultRenderer {
    /**
     * Reads every batch of {@code result} and writes it to {@code out}.
     *
     * @return the number of rows the result had
     */
    long render(QueryResult result, PrintWriter out);
}
