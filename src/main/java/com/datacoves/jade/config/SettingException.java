package com.datacoves.jade.config;

import java.util.Map;

/**
 * A setting is missing or unreadable. Its message is one line that names the variable, printed as the only output of a
 * failed start (see {@link com.datacoves.jade.Application}); it never contains a secret value.
 */
public class SettingException extends RuntimeException {

    public SettingException(String message) {
        super(message);
    }

    /** Reads a positive integer variable, or {@code fallback} when unset; throws naming the variable otherwise. */
    static int positiveInt(Map<String, String> env, String name, int fallback) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new SettingException(name + " must be a positive whole number, got '" + raw + "'");
    }

    /** Reads a required variable; throws naming it (and why it is needed) when unset or blank. */
    static String required(Map<String, String> env, String name, String because) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new SettingException(name + " is required " + because);
        }
        return value;
    }
}
