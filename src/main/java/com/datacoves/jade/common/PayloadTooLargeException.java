package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because a body, part or value above one of Jade's limits (413). */
public class PayloadTooLargeException extends JadeException {

    /** @param message what the client reads */
    public PayloadTooLargeException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public PayloadTooLargeException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
