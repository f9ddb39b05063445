package com.datacoves.jade.http;

import com.datacoves.jade.common.BusyException;
import com.datacoves.jade.common.JadeException;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Singleton;

import java.util.concurrent.Semaphore;

/**
 * The one way an upload route reads its multipart body: {@link #open} hands out a {@link MultipartStream} with the
 * configured field and part bounds ({@link UploadSettings}), at most {@code jade.uploads.max-concurrent} at once per
 * instance. Past that an upload is refused at once (503 with {@code Retry-After}) rather than queued: a queued upload
 * would still hold its connection, and the client's retry spreads the load to other replicas.
 */
@Singleton
public class UploadForms {

    private final UploadSettings settings;
    private final Semaphore slots;

    /** @param settings the bounds */
    public UploadForms(UploadSettings settings) {
        this.settings = settings;
        this.slots = new Semaphore(settings.maxConcurrent());
    }

    /**
     * Starts reading the request's multipart body; closing the stream frees its slot.
     *
     * @throws JadeException 503 when {@code max-concurrent} uploads are being read; 400 when the request is not a
     *                       multipart form with a boundary
     */
    public MultipartStream open(HttpRequest<?> request) {
        if (!slots.tryAcquire()) {
            throw new BusyException("Too many uploads in progress on this server (at most "
                    + settings.maxConcurrent() + " at once); retry shortly");
        }
        try {
            return MultipartStream.open(request, settings, slots::release);
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    /** Uploads being read now (for metrics and tests). */
    public int inProgress() {
        return settings.maxConcurrent() - slots.availablePermits();
    }
}
