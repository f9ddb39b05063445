package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because the resource does not exist, or is not the caller's to see (404; Jade's text {@code Not Found} by default). */
public class NotFoundException extends JadeException {

    /** Jade's {@code Not Found}. */
    public NotFoundException() {
        super("Not Found", null);
    }

    /** @param message what the client reads */
    public NotFoundException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public NotFoundException(String message, @Nullable String detail) {
        super(message, detail);
    }
}
