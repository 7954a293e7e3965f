package dev.tidings.devstack.launch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh PostgreSQL database for one test run on the server the README names (127.0.0.1:5432, user
 * postgres), so runs never see each other's rows. Needs a PostgreSQL JDBC driver on the classpath.
 */
public final class TestDatabase {
    private final String host;
    private final String name;

    private TestDatabase(String host, String name) {
        this.host = host;
        this.name = name;
    }

    public static TestDatabase create(String prefix) {
        String host = System.getProperty("devstack.pg.host", "127.0.0.1:5432");
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", user(), "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + host + ": " + e.getMessage(), e);
        }
        return new TestDatabase(host, name);
    }

    public static String user() {
        return System.getProperty("devstack.pg.user", "postgres");
    }

    public String name() {
        return name;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + "/" + name;
    }

    public String reactiveUrl() {
        return "postgresql://" + host + "/" + name;
    }

    /** Drops the database, disconnecting whoever is still connected. */
    public void drop() {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + "/postgres", user(), "");
             Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            System.err.println("could not drop test database " + name + ": " + e.getMessage());
        }
    }
}
