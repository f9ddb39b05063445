package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because the caller may not reach the account, project or environment, or may not do this (403). */
public class ForbiddenException extends JadeException {

    /** @param message what the client reads */
    public ForbiddenException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public ForbiddenException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
