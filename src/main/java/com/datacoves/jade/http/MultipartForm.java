package com.datacoves.jade.http;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.InvalidInputException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.multipart.CompletedPart;
import io.micronaut.http.server.multipart.MultipartBody;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A whole multipart form, collected from Micronaut's {@link MultipartBody} on a blocking thread: plain fields as
 * UTF-8 text and file parts as {@link CompletedFileUpload}s (which the server spools to disk above
 * {@code micronaut.server.multipart.threshold}, so file bytes are never held in the heap here).
 *
 * <p>Used where field names are dynamic ({@code files[3][tag]}) or where a missing field must be a 422 naming it
 * (Jade's upload errors) rather than the framework's 400.
 *
 * @param fields plain fields by name (first value wins)
 * @param files  file parts by name (first part wins)
 */
public record MultipartForm(Map<String, String> fields, Map<String, CompletedFileUpload> files) {

    /**
     * Blocks until the whole form is received.
     *
     * @throws JadeException 400 when the body cannot be read as a multipart form
     */
    public static MultipartForm collect(MultipartBody body) {
        CompletableFuture<List<CompletedPart>> done = new CompletableFuture<>();
        List<CompletedPart> parts = Collections.synchronizedList(new ArrayList<>());
        body.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(CompletedPart part) {
                parts.add(part);
            }

            @Override
            public void onError(Throwable t) {
                done.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                done.complete(parts);
            }
        });
        try {
            return of(done.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidInputException("the upload was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re && !(re instanceof IllegalStateException)) {
                throw re;
            }
            throw new InvalidInputException("the multipart form could not be read");
        }
    }

    private static MultipartForm of(List<CompletedPart> parts) {
        Map<String, String> fields = new LinkedHashMap<>();
        Map<String, CompletedFileUpload> files = new LinkedHashMap<>();
        for (CompletedPart part : parts) {
            if (part instanceof CompletedFileUpload upload) {
                files.putIfAbsent(part.getName(), upload);
            } else {
                try {
                    fields.putIfAbsent(part.getName(), new String(part.getBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return new MultipartForm(fields, files);
    }

    /** The field's value, or null when absent or blank. */
    @Nullable
    public String field(String name) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /** The file part, or null when absent. */
    @Nullable
    public CompletedFileUpload file(String name) {
        return files.get(name);
    }
}
