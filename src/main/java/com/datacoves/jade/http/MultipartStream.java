package com.datacoves.jade.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.RequestContext;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A {@code multipart/form-data} request body read part by part, in the order the client sent them, while it arrives:
 * each part's content is a stream over the request body itself, so nothing is spooled to disk or held whole in
 * memory (unlike Micronaut's {@code MultipartBody}, whose parts are completed, above
 * {@code micronaut.server.multipart.threshold} in temporary files, before the controller sees them).
 *
 * <p>Parsing is Apache Commons FileUpload 2's streaming API ({@code FileItemInputIterator}); the body is the
 * controller's {@code @Body InputStream}, which Micronaut feeds with backpressure. A part must be read (or left) before
 * {@link #next()} is called again: moving on skips the rest of the current part. Size limits are the caller's
 * (the whole request is bounded by {@code micronaut.server.max-request-size}).
 */
public final class MultipartStream {

    /** Largest accepted plain field, in bytes (field values are ids and tags). */
    public static final int MAX_FIELD_BYTES = 64 * 1024;

    private final FileItemInputIterator parts;

    private MultipartStream(FileItemInputIterator parts) {
        this.parts = parts;
    }

    /**
     * One part of the form.
     *
     * @param name     the part's field name ({@code Content-Disposition} {@code name})
     * @param filename the file name sent with it, or null for a plain field
     * @param content  its bytes, streamed from the request; valid until {@link #next()} is called again
     */
    public record Part(String name, @Nullable String filename, InputStream content) {

        /**
         * The content as UTF-8 text.
         *
         * @throws ApiException 422 when longer than {@link #MAX_FIELD_BYTES}; 400 when the body cannot be read
         */
        public String text() {
            try {
                byte[] bytes = content.readNBytes(MAX_FIELD_BYTES + 1);
                if (bytes.length > MAX_FIELD_BYTES) {
                    throw ApiException.unprocessable(name + " is longer than " + MAX_FIELD_BYTES + " bytes");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw unreadable(e);
            }
        }
    }

    /**
     * Starts reading {@code body} as the multipart form announced by the request's {@code Content-Type} (with its
     * {@code boundary}).
     *
     * @throws ApiException 400 when the request is not {@code multipart/…}, has no boundary or cannot be read; 413
     *                      when it is larger than the server accepts
     */
    public static MultipartStream open(HttpRequest<?> request, InputStream body) {
        String contentType = request.getHeaders().get(HttpHeaders.CONTENT_TYPE);
        long length = request.getContentLength();
        Context context = new Context(contentType, length, body);
        if (contentType == null || !AbstractFileUpload.isMultipartContent(context)) {
            throw ApiException.badRequest("the request is not a multipart form");
        }
        try {
            return new MultipartStream(new Parser().getItemIterator(context));
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * The next part, or null after the last one.
     *
     * @throws ApiException 400 when the body is not a well-formed multipart form or cannot be read (e.g. the
     *                      client went away)
     */
    @Nullable
    public Part next() {
        try {
            if (!parts.hasNext()) {
                return null;
            }
            FileItemInput item = parts.next();
            String name = item.getFieldName();
            return new Part(name == null ? "" : name, item.isFormField() ? null : item.getName(),
                    item.getInputStream());
        } catch (IOException e) {
            throw unreadable(e);
        }
    }

    /**
     * The answer for a failure while reading the body: 413 when the server's own limit
     * ({@code micronaut.server.max-request-size}) ended it, else 400, saying whether the form was malformed (e.g. cut
     * off before its closing boundary) or the body could not be read (e.g. the client went away).
     */
    public static ApiException unreadable(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContentLengthExceededException) {
                return new ApiException(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large");
            }
        }
        if (e instanceof FileUploadException) {
            return ApiException.badRequest("the multipart form could not be read: " + e.getMessage());
        }
        return ApiException.badRequest("the upload was interrupted: " + e.getMessage());
    }

    /** What FileUpload needs to know about the request. */
    private record Context(String contentType, long length, InputStream body) implements RequestContext {

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public long getContentLength() {
            return length;
        }

        @Override
        public String getContentType() {
            return contentType;
        }

        @Override
        public InputStream getInputStream() {
            return body;
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /**
     * FileUpload's parser bound to {@link Context}; only its streaming iterator is used (the item factory, for
     * parsing into disk items, is never touched).
     */
    private static final class Parser extends AbstractFileUpload<Context, DiskFileItem, DiskFileItemFactory> {

        Parser() {
            setHeaderCharset(StandardCharsets.UTF_8);
        }

        @Override
        public FileItemInputIterator getItemIterator(Context request) throws IOException {
            return super.getItemIterator((RequestContext) request);
        }

        @Override
        public Map<String, List<DiskFileItem>> parseParameterMap(Context request) {
            throw new UnsupportedOperationException("streaming only");
        }

        @Override
        public List<DiskFileItem> parseRequest(Context request) {
            throw new UnsupportedOperationException("streaming only");
        }
    }
}
