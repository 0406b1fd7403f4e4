package org.lisiere.testing;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchColumnType;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lisiere.spi.ColumnDefinition;
import org.lisiere.spi.CsvOptions;
import org.lisiere.spi.EngineSession;
import org.lisiere.spi.LoadFormat;
import org.lisiere.spi.LoadRequest;
import org.lisiere.spi.TableName;

/**
 * TPC-H data from the pure-Java generator ({@code io.trino.tpch}, the same data as official dbgen), written as
 * pipe-delimited files with a header and loaded through the engine SPI's {@code LOAD DATA}.
 */
public final class TpchData {
    private TpchData() {}

    /** The eight TPC-H table names. */
    public static List<String> tableNames() {
        return TpchTable.getTables().stream().map(TpchTable::getTableName).toList();
    }

    /** Writes {@code <table>.csv} for every table into {@code directory}; returns the files by table order. */
    public static List<Path> generate(double scaleFactor, Path directory) {
        List<Path> files = new ArrayList<>();
        for (TpchTable<?> table : TpchTable.getTables()) {
            files.add(write(table, scaleFactor, directory.resolve(table.getTableName() + ".csv")));
        }
        return files;
    }

    private static <E extends TpchEntity> Path write(TpchTable<E> table, double scaleFactor, Path file) {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join("|", table.getColumns().stream().map(TpchColumn::getColumnName).toList()));
            out.newLine();
            for (E row : table.createGenerator(scaleFactor, 1, 1)) {
                String line = row.toLine();
                // dbgen terminates every line with the delimiter; a CSV reader would see an extra column.
                out.write(line, 0, line.endsWith("|") ? line.length() - 1 : line.length());
                out.newLine();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The declared columns of a table, with the types of the TPC-H specification. */
    public static List<ColumnDefinition> columns(String tableName) {
        return TpchTable.getTable(tableName).getColumns().stream()
                .map(c -> new ColumnDefinition(c.getColumnName(), sqlType(c.getType())))
                .toList();
    }

    private static String sqlType(TpchColumnType type) {
        return switch (type.getBase()) {
            case INTEGER -> "INTEGER";
            case IDENTIFIER -> "BIGINT";
            case DATE -> "DATE";
            case DOUBLE -> "DECIMAL(15,2)";
            case VARCHAR -> "VARCHAR";
        };
    }

    /** Generates the data into {@code directory} and loads every table through {@code session}. */
    public static void load(EngineSession session, double scaleFactor, Path directory) {
        List<Path> files = generate(scaleFactor, directory);
        List<String> names = tableNames();
        for (int i = 0; i < names.size(); i++) {
            CsvOptions csv = new CsvOptions(Optional.of(true), Optional.of("|"), Optional.empty(), Optional.empty());
            session.load(new LoadRequest(TableName.of(names.get(i)), files.get(i), LoadFormat.CSV, true,
                    columns(names.get(i)), csv));
        }
    }
}
