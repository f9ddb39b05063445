package com.datacoves.jade.dbtcloud;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * dbt Cloud {@code HumanReadableSchedule} of a job, derived from the DAG's schedule.
 *
 * <p>Airflow 2 stores {@code schedule_interval} JSON-encoded: {@code "\"0 6 * * *\""} (cron), {@code "\"@daily\""}
 * (preset, converted to its cron: @hourly, @daily/@midnight, @weekly, @monthly, @quarterly, @yearly/@annually),
 * {@code null} or a timedelta object (no cron). Airflow 3 stores the timetable's {@code timetable_summary} instead (Jade
 * reads it JSON-encoded too): a cron or preset for cron timetables, and free text for the others (a timedelta such as
 * {@code 1 day, 0:00:00}, {@code Asset}, several crons joined by {@code ", "}, an events timetable's description). Only
 * a single five-field cron expression (or a preset) counts as a cron; anything else is "no cron", never a made-up one.
 *
 * <p>{@code cron} is always a string: dbt Cloud always stores one (its spec types it as a plain string, and creating a
 * job requires a non-empty one), and dbt-jobs-as-code's job model refuses a job whose {@code schedule.cron} is not a
 * string. A DAG without a cron gets {@link #UNSCHEDULED_CRON} ({@code 0 0 1 1 *}, once a year: the value
 * dbt-jobs-as-code itself gives jobs that run on no schedule, such as CI and merge jobs), while the job's
 * {@code triggers.schedule} stays false and {@code job_type} {@code other} ({@link JobMapper}); use
 * {@link #cronOf} to know whether the DAG really has a cron.
 *
 * <p>{@code date}: {@code every_day} when day-of-month, month and day-of-week are all {@code *}, else
 * {@code custom_cron} with the cron. {@code time}: {@code every_hour} with {@code interval} for {@code *} or
 * {@code *&#47;N} hours, {@code at_exact_hours} with {@code hours} for a list of hours. Without a cron: date
 * {@code custom_cron} with the placeholder cron, time {@code every_hour} every 1 hour (what dbt Cloud's UI sends).
 *
 * @param cron the cron expression, {@link #UNSCHEDULED_CRON} when the DAG has none
 * @param date {@code {type, days, cron}}
 * @param time {@code {type, hours, interval}}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record Schedule(String cron, DateStrategy date, TimeStrategy time) {

    /** The cron shown for a DAG without one (its schedule trigger is off): once a year, 1 January 00:00. */
    public static final String UNSCHEDULED_CRON = "0 0 1 1 *";

    private static final Map<String, String> PRESETS = Map.of("@hourly", "0 * * * *", "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *", "@weekly", "0 0 * * 0", "@monthly", "0 0 1 * *", "@quarterly", "0 0 1 */3 *",
            "@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *");

    /** One item of a cron field: {@code *}, {@code ?}, a number or a 3-letter name, a range, a step, L/W/#. */
    private static final String ITEM = "(?:\\*|\\?|L|LW|\\d{1,2}[LW]?|\\d#\\d|[A-Za-z]{3})"
            + "(?:-(?:\\d{1,2}|[A-Za-z]{3}))?(?:/\\d{1,3})?";
    private static final Pattern FIELD = Pattern.compile(ITEM + "(?:," + ITEM + ")*");

    /** {@code HumanReadableDateStrategy}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record DateStrategy(String type, @Nullable List<Integer> days, @Nullable String cron) {
    }

    /** {@code HumanReadableTimeStrategy}. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TimeStrategy(String type, @Nullable List<Integer> hours, @Nullable Integer interval) {
    }

    /**
     * The cron of a raw schedule ({@code schedule_interval} or {@code timetable_summary}, JSON-encoded), or null: no
     * schedule, {@code @once}, {@code @continuous}, a timedelta, an asset/dataset schedule, several crons, or any text
     * that is not exactly five cron fields.
     */
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
            return PRESETS.get(s.toLowerCase(Locale.ROOT));
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return null;
        }
        for (String f : fields) {
            if (!FIELD.matcher(f).matches()) {
                return null;
            }
        }
        return String.join(" ", fields);
    }

    /** The schedule of a raw {@code schedule_interval} / {@code timetable_summary}; never a null cron. */
    public static Schedule of(@Nullable String scheduleInterval) {
        String cron = cronOf(scheduleInterval);
        if (cron == null) {
            return new Schedule(UNSCHEDULED_CRON, new DateStrategy("custom_cron", null, UNSCHEDULED_CRON),
                    new TimeStrategy("every_hour", null, 1));
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
