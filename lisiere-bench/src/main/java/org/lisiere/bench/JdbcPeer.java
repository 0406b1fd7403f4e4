package org.lisiere.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The raw-JDBC side of the TPC-H benchmarks: runs statements and reads every value with getObject. */
final class JdbcPeer {
    private JdbcPeer() {}

    /** Runs the statements in order, reading every value of every result; returns how many were not NULL. */
    static long readAll(Connection connection, List<String> statements) throws SQLException {
        long values = 0;
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                if (statement.execute(sql)) {
                    try (ResultSet rs = statement.getResultSet()) {
                        int columns = rs.getMetaData().getColumnCount();
                        while (rs.next()) {
                            for (int c = 1; c <= columns; c++) {
                                values += rs.getObject(c) == null ? 0 : 1;
                            }
                        }
                    }
                }
            }
        }
        return values;
    }
}
