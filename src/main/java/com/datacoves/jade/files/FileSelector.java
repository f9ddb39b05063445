package com.datacoves.jade.files;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.InvalidInputException;
import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

/**
 * Which file a request means, as Jade: the first non-empty of {@code slug}, {@code tag}, {@code filename}
 * (filename only where the route allows it). None → 400; a slug that is not a UUID → 400.
 *
 * @param kind  what {@code value} is
 * @param value the slug, tag or filename
 */
public record FileSelector(Kind kind, String value) {

    /** What a selector selects by. */
    public enum Kind { SLUG, TAG, FILENAME }

    /**
     * @param allowFilename true on GET (Jade allows {@code filename} there only)
     * @throws JadeException 400 when nothing usable is given
     */
    public static FileSelector of(@Nullable String slug, @Nullable String tag, @Nullable String filename,
                                  boolean allowFilename) {
        if (slug != null && !slug.isEmpty()) {
            try {
                return new FileSelector(Kind.SLUG, UUID.fromString(slug).toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("slug must be a UUID");
            }
        }
        if (tag != null && !tag.isEmpty()) {
            return new FileSelector(Kind.TAG, tag);
        }
        if (allowFilename && filename != null && !filename.isEmpty()) {
            return new FileSelector(Kind.FILENAME, filename);
        }
        throw new InvalidInputException(allowFilename ? "Give one of slug, tag or filename." : "Give slug or tag.");
    }
}
