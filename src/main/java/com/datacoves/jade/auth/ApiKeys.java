package com.datacoves.jade.auth;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The format of Jade API keys: {@code jade_} + 43 URL-safe base64 characters encoding 32 bytes from
 * {@link SecureRandom}. The fixed prefix lets secret scanners recognise leaked keys; the first
 * {@value #LOOKUP_PREFIX_LENGTH} random characters are a non-secret lookup prefix stored beside the hash.
 */
public final class ApiKeys {

    /** What every key starts with. */
    public static final String KEY_PREFIX = "jade_";
    /** Length of the stored lookup prefix (characters of the random part). */
    public static final int LOOKUP_PREFIX_LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int RANDOM_CHARS = 43;

    private ApiKeys() {
    }

    /** A fresh key with 256 bits of randomness. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The lookup prefix of a well-formed key, or empty when the text cannot be a Jade key. */
    public static Optional<String> lookupPrefix(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX) || key.length() != KEY_PREFIX.length() + RANDOM_CHARS) {
            return Optional.empty();
        }
        for (int i = KEY_PREFIX.length(); i < key.length(); i++) {
            char c = key.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
                return Optional.empty();
            }
        }
        return Optional.of(key.substring(KEY_PREFIX.length(), KEY_PREFIX.length() + LOOKUP_PREFIX_LENGTH));
    }
}
