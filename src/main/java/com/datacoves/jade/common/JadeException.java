package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/**
 * An expected failure of a request, thrown by services and clients in domain terms; {@code http.ErrorResponses} is
 * the one place that turns each kind into an HTTP status and an error body (docs/architecture.md, "Layers").
 *
 * <p>The message is for the client and never carries a secret or internal detail; {@link #detail()} may, and is only
 * logged. No stack trace is recorded: these are answers, not bugs.
 */
public abstract class JadeException extends RuntimeException {

    private final String detail;

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log (may name hosts, keys, causes), or null
     */
    protected JadeException(String message, @Nullable String detail) {
        this(message, detail, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     * @param cause   the underlying failure (logged with the detail), or null
     */
    protected JadeException(String message, @Nullable String detail, @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.detail = detail;
    }

    /** What operators read in the log, or null. */
    @Nullable
    public String detail() {
        return detail;
    }
}
