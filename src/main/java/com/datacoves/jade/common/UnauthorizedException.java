package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because no usable key, or a key that is not valid (401). */
public class UnauthorizedException extends JadeException {

    /** @param message what the client reads */
    public UnauthorizedException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public UnauthorizedException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
