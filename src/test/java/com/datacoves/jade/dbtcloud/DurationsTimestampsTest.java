package com.datacoves.jade.dbtcloud;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The hand-written duration and timestamp texts (a run list page formats about a thousand of each) equal what
 * {@code String.format} and {@code DateTimeFormatter} gave before, over many values and the edges.
 */
class DurationsTimestampsTest {

    private static final DateTimeFormatter PATTERN = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");

    @Test
    void hmsAsStringFormat() {
        Random random = new Random(42);
        long[] edges = {0, 1, 59, 60, 3599, 3600, 35999, 36000, 86399, 86400, 97205, 359999, 360000, 3_600_000_000L};
        for (long s : edges) {
            assertEquals(String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60),
                    Durations.hms(Duration.ofSeconds(s)), s + " s");
        }
        for (int i = 0; i < 20_000; i++) {
            long s = (long) (Math.pow(10, random.nextDouble() * 8));
            assertEquals(String.format("%02d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60),
                    Durations.hms(Duration.ofSeconds(s).plusMillis(random.nextInt(1000))), s + " s");
        }
    }

    @Test
    void humanizedTexts() {
        assertEquals("0 minutes", Durations.humanized(Duration.ZERO));
        assertEquals("0 minutes", Durations.humanized(Duration.ofMillis(999)));
        assertEquals("1 second", Durations.humanized(Duration.ofSeconds(1)));
        assertEquals("1 minute, 50 seconds", Durations.humanized(Duration.ofSeconds(110)));
        assertEquals("2 minutes", Durations.humanized(Duration.ofSeconds(120)));
        assertEquals("1 hour", Durations.humanized(Duration.ofSeconds(3605)), "the two largest units in a row only");
        assertEquals("2 weeks, 1 day", Durations.humanized(Duration.ofDays(15).plusHours(3)));
        assertEquals("3 days, 4 hours ago", Durations.ago(OffsetDateTime.parse("2026-11-17T08:00:00Z"),
                Instant.parse("2026-11-20T12:00:00Z")));
    }

    @Test
    void isoAsThePattern() {
        assertNull(Timestamps.iso(null));
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            long second = -62_000_000_000L + (long) (random.nextDouble() * 330_000_000_000L); // years ~0 to ~12400
            int nano = random.nextInt(1_000_000_000);
            ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
            OffsetDateTime t = Instant.ofEpochSecond(second, nano).atOffset(offset);
            assertEquals(t.withOffsetSameInstant(ZoneOffset.UTC).format(PATTERN), Timestamps.iso(t), t.toString());
        }
        OffsetDateTime plain = OffsetDateTime.parse("2026-11-20T06:00:05.123456789+02:00");
        assertEquals("2026-11-20T04:00:05.123456+00:00", Timestamps.iso(plain));
        assertEquals("0001-01-01T00:00:00.000000+00:00", Timestamps.iso(OffsetDateTime.parse("0001-01-01T00:00:00Z")));
    }
}
