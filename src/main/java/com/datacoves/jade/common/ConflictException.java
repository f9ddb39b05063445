package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because the request clashes with the resource's state, e.g. a paused DAG asked to run (409). */
public class ConflictException extends JadeException {

    /** @param message what the client reads */
    public ConflictException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public ConflictException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
