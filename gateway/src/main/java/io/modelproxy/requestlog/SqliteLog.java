package io.modelproxy.requestlog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;

/**
 * Records in a SQLite database (xerial's JDBC driver), table {@code request_log}: one transaction per
 * batch, in WAL mode so readers (the sqlite3 shell, a dashboard) do not block the writer. The schema
 * is in the README; columns are only ever added.
 */
final class SqliteLog implements Sink {
    static final String SCHEMA = """
            CREATE TABLE IF NOT EXISTS request_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              time TEXT NOT NULL,
              generation INTEGER NOT NULL,
              method TEXT NOT NULL,
              path TEXT NOT NULL,
              dialect TEXT,
              client TEXT NOT NULL,
              model TEXT NOT NULL,
              logical_model TEXT,
              route TEXT,
              provider TEXT,
              upstream_model TEXT,
              stream INTEGER NOT NULL,
              status INTEGER NOT NULL,
              outcome TEXT NOT NULL,
              error_type TEXT,
              attempts INTEGER NOT NULL,
              attempts_json TEXT NOT NULL,
              bytes_in INTEGER NOT NULL,
              bytes_out INTEGER NOT NULL,
              latency_ms INTEGER NOT NULL,
              ttft_ms INTEGER,
              input_tokens INTEGER,
              output_tokens INTEGER,
              cached_tokens INTEGER,
              reasoning_tokens INTEGER,
              usage TEXT NOT NULL,
              request_body TEXT,
              response_body TEXT
            )""";
    private static final String INSERT = "INSERT INTO request_log (time, generation, method, path, dialect, client,"
            + " model, logical_model, route, provider, upstream_model, stream, status, outcome, error_type, attempts,"
            + " attempts_json, bytes_in, bytes_out, latency_ms, ttft_ms, input_tokens, output_tokens, cached_tokens,"
            + " reasoning_tokens, usage, request_body, response_body)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Connection connection;

    private SqliteLog(Connection connection) {
        this.connection = connection;
    }

    /** Opens the database (creating it and the table when missing); fails at once on a path that cannot be written. */
    static SqliteLog open(Path file) throws SQLException {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new SQLException("directory " + parent + " does not exist");
            }
        } catch (SecurityException e) {
            throw new SQLException(e.getMessage(), e);
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            // in WAL mode NORMAL cannot corrupt the file; a power loss may cost the last batches, fine for a log
            s.execute("PRAGMA synchronous=NORMAL");
            s.execute("PRAGMA busy_timeout=5000");
            s.execute(SCHEMA);
            c.setAutoCommit(false);
            c.commit();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return new SqliteLog(c);
    }

    @Override
    public void write(List<RequestEntry> batch) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (RequestEntry e : batch) {
                int i = 1;
                insert.setString(i++, e.time().toString());
                insert.setLong(i++, e.generation());
                insert.setString(i++, e.method());
                insert.setString(i++, e.path());
                insert.setString(i++, e.dialect());
                insert.setString(i++, e.client());
                insert.setString(i++, e.model());
                insert.setString(i++, e.logicalModel());
                insert.setString(i++, e.route());
                insert.setString(i++, e.provider());
                insert.setString(i++, e.upstreamModel());
                insert.setInt(i++, e.stream() ? 1 : 0);
                insert.setInt(i++, e.status());
                insert.setString(i++, e.outcome());
                insert.setString(i++, e.errorType());
                insert.setInt(i++, e.attempts().size());
                insert.setString(i++, EntryJson.attempts(e).toString());
                insert.setLong(i++, e.bytesIn());
                insert.setLong(i++, e.bytesOut());
                insert.setLong(i++, e.latencyMillis());
                known(insert, i++, e.ttftMillis());
                known(insert, i++, e.inputTokens());
                known(insert, i++, e.outputTokens());
                known(insert, i++, e.cachedTokens());
                known(insert, i++, e.reasoningTokens());
                insert.setString(i++, e.usage());
                insert.setString(i++, e.requestBody());
                insert.setString(i, e.responseBody());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    private static void known(PreparedStatement insert, int index, long value) throws SQLException {
        if (value >= 0) {
            insert.setLong(index, value);
        } else {
            insert.setNull(index, Types.INTEGER);
        }
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // the last batch is committed or lost already
        }
    }
}
