package com.datacoves.jade.common;

import io.micronaut.core.annotation.Nullable;

/**
 * The one rule for text a client sends that Jade stores or looks up (slugs, tags, file names, DAG ids, Airflow
 * run ids, name filters, artifact paths): no NUL character (PostgreSQL text cannot hold one, and no Datacoves or
 * Airflow name contains one) and at most a given number of characters. Broken text is the client's error (400), never
 * a database error (docs/hardening.md).
 */
public final class TextInput {

    /** Longest slug, tag, file name, DAG id or run id Jade accepts (Datacoves and Airflow columns are shorter). */
    public static final int MAX_NAME = 255;

    private TextInput() {
    }

    /**
     * The value unchanged when acceptable.
     *
     * @param field    the parameter's name, for the message
     * @param value    the value, or null (accepted: absence is checked elsewhere)
     * @param maxChars the most characters allowed
     * @throws InvalidInputException naming the field when it holds a NUL character or is longer than {@code maxChars}
     */
    @Nullable
    public static String check(String field, @Nullable String value, int maxChars) {
        if (value == null) {
            return null;
        }
        if (value.indexOf('\u0000') >= 0) {
            throw new InvalidInputException(field + " must not contain NUL characters");
        }
        if (value.length() > maxChars) {
            throw new InvalidInputException(field + " must be at most " + maxChars + " characters");
        }
        return value;
    }

    /** {@link #check(String, String, int)} with {@link #MAX_NAME}. */
    @Nullable
    public static String name(String field, @Nullable String value) {
        return check(field, value, MAX_NAME);
    }
}
