package com.datacoves.jade.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.datacoves.jade.auth.TokenService;
import com.datacoves.jade.storage.ObjectStorage;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.multipart.MultipartBody;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Metrics at {@code /prometheus} (HTTP per route template, Hikari pools incl. Airflow, storage timings and bytes) and
 * the request id: echoed, generated when absent or unusable, and in the MDC of a log line written by a controller.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObservabilityTest extends JadeTest {

    @Inject
    ObjectStorage storage;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("jade.metrics.storage.enabled", "true");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String prometheus() {
        HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.GET("/prometheus"), String.class);
        assertEquals(200, r.code());
        return r.body();
    }

    private static double value(String text, String seriesStart) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(seriesStart) + "[^\\n]*\\} ([0-9.E+-]+)$").matcher(text);
        assertTrue(m.find(), seriesStart + " in\n" + text.lines().filter(l -> l.startsWith(seriesStart.split("\\{")[0]))
                .toList());
        return Double.parseDouble(m.group(1));
    }

    @Test
    void metricsPerRouteStorageAndPools() {
        assertInstanceOf(MeteredObjectStorage.class, storage);
        byte[] bytes = "{\"hello\":\"metrics\"}".getBytes(StandardCharsets.UTF_8);
        MultipartBody body = MultipartBody.builder()
                .addPart("file", "m.json", MediaType.APPLICATION_JSON_TYPE, bytes).addPart("tag", "metrics").build();
        assertEquals(201, http.toBlocking().exchange(HttpRequest.POST("/api/v2/datacoves/environments/dev123/files", body)
                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE).header("Authorization", tokenHeader(1))).code());
        assertEquals(200, http.toBlocking().exchange(HttpRequest.GET("/api/v2/accounts/1/runs/?limit=1")
                .header("Authorization", tokenHeader(1)), String.class).code());

        String text = prometheus();
        for (int i = 0; i < 50 && !text.contains("jade_index_lag_seconds{"); i++) {
            sleep(100); // the lag gauge is published at the index's heartbeat, every second
            text = prometheus();
        }
        assertTrue(value(text, "http_server_requests_seconds_count{") > 0);
        assertTrue(text.contains("uri=\"/api/v2/datacoves/environments/{environment_slug}/files\""),
                "route template, not the raw path");
        assertTrue(value(text, "jade_storage_operations_seconds_count{adapter=\"local\",operation=\"put\",outcome=\"success\"") >= 1);
        assertTrue(value(text, "jade_storage_upload_bytes_total{adapter=\"local\"") >= bytes.length);
        assertTrue(text.contains("# HELP jade_storage_operations_seconds"), "descriptions are exported");
        assertTrue(value(text, "jade_index_pass_seconds_count{environment=\"dev123\",outcome=\"success\"") >= 1,
                "index passes per environment");
        assertTrue(value(text, "jade_index_rows_read_total{environment=\"dev123\"") > 0, "DAG runs read per environment");
        // the lag gauges follow the coordination table, read on the scheduler's own tick: wait for it
        String lag = "jade_index_lag_seconds{environment=\"dev123\"}";
        for (int i = 0; i < 300 && !text.contains(lag); i++) {
            sleep(100);
            text = prometheus();
        }
        assertTrue(text.contains(lag), "index lag per environment");
        for (String pool : new String[]{"jade", "datacoves"}) {
            assertTrue(Pattern.compile("(?m)^hikaricp_connections[^\\n]*pool=\"" + pool + "\"").matcher(text).find(),
                    "pool metrics of " + pool + ": " + text.lines().filter(l -> l.startsWith("hikaricp_connections{"))
                            .toList());
        }
    }

    @Test
    void requestIdIsEchoedOrGenerated() {
        HttpResponse<String> given = http.toBlocking().exchange(HttpRequest.GET("/api/v2/healthcheck")
                .header(RequestIdFilter.HEADER, "abc-123_x.y"), String.class);
        assertEquals("abc-123_x.y", given.header(RequestIdFilter.HEADER));
        HttpResponse<String> hostile = http.toBlocking().exchange(HttpRequest.GET("/api/v2/healthcheck")
                .header(RequestIdFilter.HEADER, "bad id; drop"), String.class);
        String generated = hostile.header(RequestIdFilter.HEADER);
        assertTrue(generated.matches("[0-9a-f-]{36}"), generated);
        String other = http.toBlocking().exchange(HttpRequest.GET("/api/v2/healthcheck"), String.class)
                .header(RequestIdFilter.HEADER);
        assertNotEquals(generated, other);
    }

    @Test
    void logLinesWrittenInsideAControllerCarryTheRequestId() {
        Logger logger = (Logger) LoggerFactory.getLogger(TokenService.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        Level level = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addAppender(appender);
        try {
            HttpResponse<String> r = http.toBlocking().exchange(HttpRequest.POST("/api/internal/tokens",
                            "{\"token\":{\"account_id\":1,\"name\":\"mdc\"}}")
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .header("Authorization", "Bearer test-internal-token")
                    .header(RequestIdFilter.HEADER, "mdc-check-42"), String.class);
            assertEquals(201, r.code());
            assertEquals("mdc-check-42", r.header(RequestIdFilter.HEADER));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(level);
        }
        ILoggingEvent created = appender.list.stream().filter(e -> e.getFormattedMessage().contains("created"))
                .findFirst().orElseThrow(() -> new AssertionError("no log line from TokenService"));
        assertEquals("mdc-check-42", created.getMDCPropertyMap().get(RequestIdFilter.MDC_KEY),
                "thread " + created.getThreadName());
        assertTrue(!created.getFormattedMessage().contains("jade_"), "no key in the log line");
    }
}
