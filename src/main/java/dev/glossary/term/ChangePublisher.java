package dev.glossary.term;

/** What another feature may ask of the change feed: seqs for committed changes, in its own transaction. */
public interface ChangePublisher {

    void publishCommitted();
}
