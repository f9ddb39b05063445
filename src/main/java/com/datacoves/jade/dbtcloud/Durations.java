package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * dbt Cloud's duration texts (from real responses; the spec gives no rule): {@code "HH:MM:SS"} (hours not wrapped
 * at 24, e.g. {@code "27:00:05"}) and humanized texts naming the two largest non-zero units, e.g.
 * {@code "1 minute, 50 seconds"}, {@code "2 weeks, 1 day"}, {@code "0 minutes"} for zero.
 */
public final class Durations {

    private static final long[] UNIT_SECONDS = {7 * 86400, 86400, 3600, 60, 1};
    private static final String[] UNIT_NAMES = {"week", "day", "hour", "minute", "second"};

    private Durations() {
    }

    /** Time between two instants (null start → zero; null end → {@code now}); never negative. */
    public static Duration between(@Nullable OffsetDateTime start, @Nullable OffsetDateTime end, Instant now) {
        if (start == null) {
            return Duration.ZERO;
        }
        Duration d = Duration.between(start.toInstant(), end == null ? now : end.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** {@code "HH:MM:SS"} (hours at least two digits). Built by hand: {@code String.format} was a run list hot spot. */
    public static String hms(Duration d) {
        long s = d.toSeconds();
        long h = s / 3600;
        StringBuilder b = new StringBuilder(8);
        if (h < 10) {
            b.append('0');
        }
        b.append(h).append(':');
        twoDigits(b, (int) ((s % 3600) / 60)).append(':');
        return twoDigits(b, (int) (s % 60)).toString();
    }

    private static StringBuilder twoDigits(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    /** E.g. {@code "2 minutes, 5 seconds"}; {@code "0 minutes"} for less than a second. */
    public static String humanized(Duration d) {
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder(24);
        int parts = 0;
        for (int i = 0; i < UNIT_SECONDS.length && parts < 2; i++) {
            long n = s / UNIT_SECONDS[i];
            if (n > 0) {
                if (parts > 0) {
                    b.append(", ");
                }
                b.append(n).append(' ').append(UNIT_NAMES[i]);
                if (n != 1) {
                    b.append('s');
                }
                parts++;
                s -= n * UNIT_SECONDS[i];
            } else if (parts > 0) {
                break;
            }
        }
        return parts == 0 ? "0 minutes" : b.toString();
    }

    /** {@code "<humanized> ago"} for a past time, null when {@code t} is null. */
    @Nullable
    public static String ago(@Nullable OffsetDateTime t, Instant now) {
        return t == null ? null : humanized(between(t, null, now)) + " ago";
    }

    /** {@code "in <humanized>"} for a future time (or {@code "<humanized> ago"} when past), null when null. */
    @Nullable
    public static String until(@Nullable OffsetDateTime t, Instant now) {
        if (t == null) {
            return null;
        }
        return t.toInstant().isBefore(now) ? ago(t, now) : "in " + humanized(Duration.between(now, t.toInstant()));
    }
}
