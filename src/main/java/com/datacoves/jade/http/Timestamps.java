package com.datacoves.jade.http;

import io.micronaut.core.annotation.Nullable;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Wire format of dbt Cloud date-times: ISO-8601 in UTC with an explicit {@code +00:00} offset and microseconds,
 * e.g. {@code 2026-11-20T06:00:05.123456+00:00} (dbt Cloud's jobs/accounts style; Jade uses it everywhere).
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    private Timestamps() {
    }

    /**
     * The UTC ISO-8601 text of {@code t}, or null. Written by hand for years 0–9999 (the same text as the pattern
     * {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx}, which it uses otherwise): a run list page formats about a thousand
     * timestamps, and {@code DateTimeFormatter} was a hot spot of it.
     */
    @Nullable
    public static String iso(@Nullable OffsetDateTime t) {
        if (t == null) {
            return null;
        }
        LocalDateTime u = t.getOffset().equals(ZoneOffset.UTC) ? t.toLocalDateTime()
                : t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
        int year = u.getYear();
        if (year < 0 || year > 9999) {
            return u.atOffset(ZoneOffset.UTC).format(FORMAT);
        }
        byte[] b = new byte[32];
        digits(b, 0, year, 4);
        b[4] = '-';
        digits(b, 5, u.getMonthValue(), 2);
        b[7] = '-';
        digits(b, 8, u.getDayOfMonth(), 2);
        b[10] = 'T';
        digits(b, 11, u.getHour(), 2);
        b[13] = ':';
        digits(b, 14, u.getMinute(), 2);
        b[16] = ':';
        digits(b, 17, u.getSecond(), 2);
        b[19] = '.';
        digits(b, 20, u.getNano() / 1000, 6);
        b[26] = '+';
        b[27] = '0';
        b[28] = '0';
        b[29] = ':';
        b[30] = '0';
        b[31] = '0';
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static void digits(byte[] b, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            b[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }
}
