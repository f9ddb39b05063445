package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because a malformed value of a known parameter or field (400). */
public class InvalidInputException extends JadeException {

    /** @param message what the client reads */
    public InvalidInputException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public InvalidInputException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
