package com.datacoves.jade.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.UUID;
import java.util.regex.Pattern;

/** Small helpers shared by the adapters: one-line causes, probe keys, reading into a reused buffer. */
final class StorageFailures {

    /** Folder (key prefix) of the objects written and deleted by {@link ObjectStorage#checkWritable()}. */
    static final String PROBE_PREFIX = ".jade-probe/";

    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

    private StorageFailures() {
    }

    /** A fresh key under {@link #PROBE_PREFIX}. */
    static StorageKey probeKey() {
        return StorageKey.of(".jade-probe", UUID.randomUUID() + ".txt");
    }

    /**
     * The innermost cause as one line, e.g. {@code Connection refused}; vendor messages name hosts and keys, never
     * credentials. Multi-line messages are cut at the first line break.
     */
    static String rootMessage(Throwable error) {
        Throwable t = error;
        int depth = 0;
        while (t.getCause() != null && t.getCause() != t && depth++ < 20) {
            t = t.getCause();
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        } else if (t instanceof UnknownHostException) {
            message = "unknown host " + message;
        }
        int eol = message.indexOf('\n');
        String line = (eol >= 0 ? message.substring(0, eol) : message).trim();
        // Netty's native transport: "finishConnect(..) failed with error(-111): Connection refused"
        return NATIVE_PREFIX.matcher(line).replaceFirst("");
    }

    /** True when the failure (or one of its causes) is a network one: refused, unknown host, timeout. */
    static boolean isNetwork(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException
                    || t instanceof UnresolvedAddressException) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads from {@code in} until {@code buffer} is full or the stream ends.
     *
     * @return the number of bytes read (less than the buffer's length only at the end of the stream)
     * @throws IOException when reading fails
     */
    static int readFully(InputStream in, byte[] buffer) throws IOException {
        int filled = 0;
        while (filled < buffer.length) {
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return filled;
    }

    /** Throws {@link IllegalArgumentException} naming {@code setting} when {@code value} is null or blank. */
    static String require(String value, String setting) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("storage: " + setting + " is required");
        }
        return value.trim();
    }

    /** Null when blank, else trimmed. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
