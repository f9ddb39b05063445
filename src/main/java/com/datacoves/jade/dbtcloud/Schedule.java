package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * dbt Cloud {@code HumanReadableSchedule} of a job, derived from the DAG's {@code schedule_interval}.
 *
 * <p>Airflow stores {@code schedule_interval} JSON-encoded: {@code "\"0 6 * * *\""} (cron), {@code "\"@daily\""}
 * (preset, converted to its cron: @hourly, @daily/@midnight, @weekly, @monthly, @yearly/@annually), {@code null}
 * or a timedelta object (no cron). {@code date}: {@code every_day} when day-of-month, month and day-of-week are all
 * {@code *}, else {@code custom_cron} with the cron. {@code time}: {@code every_hour} with {@code interval} for
 * {@code *} or {@code *&#47;N} hours, {@code at_exact_hours} with {@code hours} for a list of hours.
 *
 * @param cron the cron expression, null when the DAG has none
 * @param date {@code {type, days, cron}}
 * @param time {@code {type, hours, interval}}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Schedule(@Nullable String cron, DateStrategy date, TimeStrategy time) {

    private static final Map<String, String> PRESETS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");

    /** {@code HumanReadableDateStrategy}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DateStrategy(String type, @Nullable List<Integer> days, @Nullable String cron) {
    }

    /** {@code HumanReadableTimeStrategy}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TimeStrategy(String type, @Nullable List<Integer> hours, @Nullable Integer interval) {
    }

    /** The cron of a raw {@code schedule_interval}, or null (no schedule, {@code @once}, timedelta, unreadable). */
    @Nullable
    public static String cronOf(@Nullable String scheduleInterval) {
        if (scheduleInterval == null) {
            return null;
        }
        String s = scheduleInterval.strip();
        if (s.startsWith("\"") && s.endsWith("\"") && s.length() >= 2) {
            s = s.substring(1, s.length() - 1).strip();
        }
        if (s.isEmpty() || s.equals("null") || s.startsWith("{")) {
            return null;
        }
        if (s.startsWith("@")) {
            return PRESETS.get(s);
        }
        return s.split("\\s+").length >= 5 ? s : null;
    }

    /** The schedule of a raw {@code schedule_interval}. */
    public static Schedule of(@Nullable String scheduleInterval) {
        String cron = cronOf(scheduleInterval);
        if (cron == null) {
            return new Schedule(null, new DateStrategy("custom_cron", null, null), new TimeStrategy("every_hour", null, 1));
        }
        String[] f = cron.split("\\s+");
        boolean everyDay = f[2].equals("*") && f[3].equals("*") && f[4].equals("*");
        DateStrategy date = everyDay ? new DateStrategy("every_day", null, null) : new DateStrategy("custom_cron", null, cron);
        return new Schedule(cron, date, time(f[1]));
    }

    private static TimeStrategy time(String hours) {
        if (hours.equals("*")) {
            return new TimeStrategy("every_hour", null, 1);
        }
        if (hours.matches("\\*/\\d+")) {
            return new TimeStrategy("every_hour", null, Integer.parseInt(hours.substring(2)));
        }
        if (hours.matches("\\d+(,\\d+)*")) {
            return new TimeStrategy("at_exact_hours", Arrays.stream(hours.split(",")).map(Integer::valueOf).toList(), null);
        }
        return new TimeStrategy("every_hour", null, 1);
    }
}
