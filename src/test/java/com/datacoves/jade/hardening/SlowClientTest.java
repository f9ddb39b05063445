package com.datacoves.jade.hardening;

import com.datacoves.jade.files.FileRepository;
import com.datacoves.jade.http.UploadForms;
import com.datacoves.jade.support.JadeTest;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that stops sending in the middle of an upload is cut off after the idle timeout (set to 2 s here;
 * 60 s by default, docs/hardening.md "Slow clients"); one that trickles a byte a second, never idle that long, is
 * answered 408 once its average falls under {@code jade.uploads.min-bytes-per-second} after the grace period (1,000
 * bytes/s and 2 s here) and its upload slot is freed. Neither stores anything.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowClientTest extends JadeTest {

    @Inject
    EmbeddedServer server;
    @Inject
    FileRepository files;
    @Inject
    UploadForms uploads;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("micronaut.server.idle-timeout", "2s",
                "jade.uploads.min-bytes-per-second", "1000", "jade.uploads.min-rate-grace", "2s");
    }

    @Test
    void aStalledUploadIsCutOffAndLeavesNothing() throws Exception {
        String boundary = "stall";
        String start = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\nstalled\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"a\": ";
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/internal/environments/dev123/files HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + tokenHeader(1) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: 100000\r\n\r\n" + start).getBytes(StandardCharsets.UTF_8));
            out.flush();
            // then nothing more: the server must close the connection on its own, long before our 15 s read timeout
            long sent = System.nanoTime();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // an error answer may come first; read on until the server closes
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a stalled upload open for 15 s", e);
            } catch (java.net.SocketException reset) {
                // a reset is a close too
            }
            assertTrue(System.nanoTime() - sent < 15_000_000_000L);
        }
        assertEquals(List.of(), files.findAllInEnvironment("dev123").stream()
                .filter(f -> f.tag().equals("stalled")).toList());
    }

    @Test
    void aTricklingUploadIsAnsweredWith408AndFreesItsSlot() throws Exception {
        String boundary = "trickle";
        String start = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"tag\"\r\n\r\ntrickled\r\n--"
                + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n{\"a\": ";
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v2/datacoves/environments/dev123/files HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + tokenHeader(1) + "\r\n"
                    + "Content-Type: multipart/form-data; boundary=" + boundary + "\r\n"
                    + "Content-Length: 100000\r\n\r\n" + start).getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            long deadline = System.nanoTime() + 20_000_000_000L;
            boolean closed = false;
            while (!closed && System.nanoTime() < deadline) {
                try {
                    out.write(' '); // one byte a second: never idle for the 2 s idle timeout
                    out.flush();
                } catch (java.io.IOException gone) {
                    // the server stopped reading
                }
                try {
                    int b;
                    while ((b = in.read()) != -1) {
                        answer.append((char) b);
                    }
                    closed = true;
                } catch (SocketTimeoutException e) {
                    // no answer yet: trickle on
                } catch (java.net.SocketException reset) {
                    closed = true;
                }
            }
            assertTrue(answer.toString().startsWith("HTTP/1.1 408"), "answer: " + answer);
            assertTrue(answer.toString().contains("min-bytes-per-second"), answer.toString());
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (uploads.inProgress() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(0, uploads.inProgress(), "the trickling upload gave its slot back");
        assertEquals(List.of(), files.findAllInEnvironment("dev123").stream()
                .filter(f -> f.tag().equals("trickled")).toList());
    }
}
