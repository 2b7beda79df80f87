package dev.glossary.term;

import jakarta.persistence.EntityManager;
import java.util.Optional;

/** The read replica's session while one of its reads runs on this thread (term.read.ReadReplica), for the repositories. */
public interface ReplicaSession {

    Optional<EntityManager> current();
}
