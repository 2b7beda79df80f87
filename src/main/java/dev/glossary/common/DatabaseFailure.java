package dev.glossary.common;

import java.sql.SQLException;

/** A JDBC failure outside the ORM, unchecked; the problem mapper classifies it by its SQLSTATE. */
public class DatabaseFailure extends RuntimeException {

    public DatabaseFailure(SQLException cause) {
        super(cause.getSQLState(), cause);
    }
}
