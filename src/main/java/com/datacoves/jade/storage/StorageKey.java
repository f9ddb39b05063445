package com.datacoves.jade.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An object key built by the server from parts, each sanitised so that no caller-supplied text can change the key's
 * structure, whatever the adapter: inside a part every character outside {@code [A-Za-z0-9._-]} (so {@code /},
 * {@code \}, control characters, spaces) becomes {@code -}, and a part made only of dots becomes underscores, so
 * {@code ..} can never be a path segment. An empty part becomes {@code _}. Keys never start with {@code /}.
 *
 * <p>Example: {@code StorageKey.of("environments", "dev123", "files", "../x", "a/b.json")} is
 * {@code environments/dev123/files/..-x/a-b.json}.
 */
public final class StorageKey {

    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
    private static final Pattern ONLY_DOTS = Pattern.compile("\\.+");

    private final String value;

    private StorageKey(String value) {
        this.value = value;
    }

    /**
     * Joins sanitised parts with {@code /}.
     *
     * @throws IllegalArgumentException when no part is given
     */
    public static StorageKey of(String... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a storage key needs at least one part");
        }
        List<String> clean = new ArrayList<>(parts.length);
        for (String part : parts) {
            clean.add(sanitise(part));
        }
        return new StorageKey(String.join("/", clean));
    }

    /**
     * A key written by another program (the Elixir Jade), taken as it is so that its object can be read where it
     * lies, even when {@link #of} would have sanitised it differently. Still refused: an empty key, a leading
     * {@code /}, an empty, {@code .} or {@code ..} segment, a backslash or a control character — a key that could
     * leave the bucket's or folder's namespace.
     *
     * @throws IllegalArgumentException when {@code key} is one of those
     */
    public static StorageKey existing(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/")) {
            throw new IllegalArgumentException("not a usable storage key: '" + key + "'");
        }
        for (String part : key.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..") || part.indexOf('\\') >= 0
                    || part.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("not a usable storage key: '" + key + "'");
            }
        }
        return new StorageKey(key);
    }

    /** One part made safe as described on the class. */
    public static String sanitise(String part) {
        if (part == null || part.isEmpty()) {
            return "_";
        }
        String s = UNSAFE.matcher(part).replaceAll("-");
        if (ONLY_DOTS.matcher(s).matches()) {
            s = s.replace('.', '_');
        }
        return s;
    }

    /** The key as the store sees it, e.g. {@code environments/dev123/files/tag/file.json}. */
    public String value() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StorageKey k && k.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return value;
    }
}
