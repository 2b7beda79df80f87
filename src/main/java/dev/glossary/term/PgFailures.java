package dev.glossary.term;

import dev.glossary.common.DatabaseFailure;
import dev.glossary.web.ProblemException;
import io.vertx.pgclient.PgException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;

/** Reactive-client failures as the problem mapper classifies them (by SQLSTATE); a lost or hung connection is an outage. */
public final class PgFailures {

    private PgFailures() {
    }

    public static Throwable asProblem(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ProblemException || cause instanceof DatabaseFailure) {
            return cause;
        }
        if (cause instanceof PgException pg) {
            return new DatabaseFailure(new SQLException(pg.getErrorMessage(), pg.getSqlState(), pg));
        }
        return new DatabaseFailure(new SQLTransientConnectionException(String.valueOf(cause.getMessage()), "08006", cause));
    }
}
