package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because an upload or body Jade cannot take: not a manifest, a taken tag, a bad file form (422, Jade's status for bad uploads). */
public class UnprocessableException extends JadeException {

    /** @param message what the client reads */
    public UnprocessableException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public UnprocessableException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
