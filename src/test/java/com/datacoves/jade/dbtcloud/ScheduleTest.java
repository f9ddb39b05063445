package com.datacoves.jade.dbtcloud;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** {@link Schedule}: Airflow schedule_interval / timetable_summary → cron, never a made-up one, never a null cron. */
class ScheduleTest {

    @Test
    void presetsAndCrons() {
        assertEquals("0 0 1 */3 *", Schedule.cronOf("\"@quarterly\""));
        assertEquals("0 0 1 */3 *", Schedule.of("\"@quarterly\"").cron());
        assertEquals("0 * * * *", Schedule.cronOf("\"@hourly\""));
        assertEquals("0 0 * * *", Schedule.cronOf("\"@daily\""));
        assertEquals("0 0 * * *", Schedule.cronOf("\"@midnight\""));
        assertEquals("0 0 * * 0", Schedule.cronOf("\"@weekly\""));
        assertEquals("0 0 1 * *", Schedule.cronOf("\"@monthly\""));
        assertEquals("0 0 1 1 *", Schedule.cronOf("\"@yearly\""));
        assertEquals("0 0 1 1 *", Schedule.cronOf("\"@annually\""));
        assertEquals("0 6 * * *", Schedule.cronOf("\"0 6 * * *\""));
        assertEquals("30 2 * * MON-FRI", Schedule.cronOf("\"30 2 * * MON-FRI\""));
        assertEquals("*/15 0-6,18 1,15 JAN,jul 1-5", Schedule.cronOf("\"*/15 0-6,18 1,15 JAN,jul 1-5\""));
        assertEquals("0 12 L * ?", Schedule.cronOf("\"0 12 L * ?\""));
        assertEquals("0 6 * * *", Schedule.cronOf("0 6 * * *"), "Airflow 3 summary without JSON quotes");
    }

    @Test
    void noCron() {
        for (String raw : List.of("null", "", "\"@once\"", "\"@continuous\"", "\"@fortnightly\"",
                "{\"__type\": \"timedelta\", \"__var\": 86400.0}", "\"1 day, 0:00:00\"", "\"Asset\"", "\"Dataset\"",
                "\"0 1 * * *, 0 3 * * *\"", "\"after each asset is updated\"", "\"Run on the first weekday\"",
                "\"0 0 * * * 30\"", "\"0 6 * *\"", "\"Never, external triggers only\"")) {
            assertNull(Schedule.cronOf(raw), raw);
            Schedule s = Schedule.of(raw);
            assertEquals(Schedule.UNSCHEDULED_CRON, s.cron(), raw);
            assertEquals("custom_cron", s.date().type());
            assertEquals(Schedule.UNSCHEDULED_CRON, s.date().cron());
            assertEquals("every_hour", s.time().type());
            assertEquals(1, s.time().interval());
        }
        assertNull(Schedule.cronOf(null));
        assertEquals("0 0 1 1 *", Schedule.of(null).cron());
    }

    @Test
    void humanReadableParts() {
        Schedule daily = Schedule.of("\"0 6 * * *\"");
        assertEquals("every_day", daily.date().type());
        assertEquals("at_exact_hours", daily.time().type());
        assertEquals(List.of(6), daily.time().hours());
        Schedule every3 = Schedule.of("\"0 */3 * * *\"");
        assertEquals(3, every3.time().interval());
        Schedule weekly = Schedule.of("\"0 2 * * 0\"");
        assertEquals("custom_cron", weekly.date().type());
        assertEquals("0 2 * * 0", weekly.date().cron());
    }
}
