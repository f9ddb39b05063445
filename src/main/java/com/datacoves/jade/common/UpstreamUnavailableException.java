package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/** A request failed because a service Jade relies on cannot be reached now: a database, the object store, Airflow, Datacoves (503, retry later). */
public class UpstreamUnavailableException extends JadeException {

    /** @param message what the client reads */
    public UpstreamUnavailableException(String message) {
        super(message, null);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     */
    public UpstreamUnavailableException(String message, @Nullable String detail) {
        super(message, detail);
    }

    /**
     * @param message what the client reads
     * @param detail  what operators read in the log, or null
     * @param cause   the underlying failure, or null
     */
    public UpstreamUnavailableException(String message, @Nullable String detail, @Nullable Throwable cause) {
        super(message, detail, cause);
    }
}
