package com.datacoves.jade.files;

import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.http.MultipartStream;
import com.datacoves.jade.http.ObjectResponses;
import com.datacoves.jade.http.UploadForms;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.body.ByteBody;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Jade's environment file routes (docs/datacoves-api.md), under {@code /api/v2/datacoves/} and {@code /api/internal/}.
 * The environment in the path is checked by the authentication filter. Errors: {@code {"errors":{"message":…}}};
 * 422 for a bad upload (naming the missing field), 404 {@code Not Found}, 400 when no selector is given, 503 when
 * storage fails.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Datacoves: environment files")
public class FileController {

    private static final String V2 = "/api/v2/datacoves/environments/{environment_slug}/files";
    private static final String INTERNAL = "/api/internal/environments/{environment_slug}/files";

    private final FileService service;
    private final FileUploads uploads;
    private final ObjectResponses responses;
    private final UploadForms forms;

    /**
     * Reads and stores through {@link FileService}; upload bodies are opened by {@link UploadForms} (the bounds) and
     * received by {@link FileUploads}; raw bytes are sent by {@link ObjectResponses}, as manifests are.
     */
    public FileController(FileService service, FileUploads uploads, ObjectResponses responses, UploadForms forms) {
        this.service = service;
        this.uploads = uploads;
        this.responses = responses;
        this.forms = forms;
    }

    /**
     * Upload: one file ({@code file}, {@code tag}) → 201 {@code {"data":{…}}} with {@code Location}; or several
     * ({@code files[i][file]}, {@code files[i][tag]}, gaps allowed) → 201 {@code {"data":[…]}}, all or nothing. The
     * body is read as it arrives and each file streams to storage ({@link FileUploads}).
     */
    @Post(uris = {V2, INTERNAL}, consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload one file (file, tag) or several (files[i][file], files[i][tag])")
    @RequestBody(required = true, description = "one file (file, tag), or several: files[0][file], files[0][tag], "
            + "files[1][file], … (i a number, gaps allowed)", content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = UploadForm.class)))
    public HttpResponse<byte[]> create(HttpRequest<?> request, @PathVariable("environment_slug") String environment,
                                       @RequestAttribute(Caller.ATTRIBUTE) Caller caller) {
        FileUploads.Created created;
        try (MultipartStream form = forms.open(request)) {
            created = uploads.create(environment, form);
        }
        if (created.single()) {
            FileRow row = created.rows().get(0);
            String location = prefix(request) + "/environments/" + environment + "/files?slug=" + row.slug();
            return HttpResponse.<byte[]>status(HttpStatus.CREATED).header(HttpHeaders.LOCATION, location)
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(FileJson.one(new FileJson.Item(row, created.contents().get(0))));
        }
        List<FileJson.Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < created.rows().size(); i++) {
            items.add(new FileJson.Item(created.rows().get(i), created.contents().get(i)));
        }
        return HttpResponse.<byte[]>status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(FileJson.many(items));
    }

    /**
     * The newest file matching {@code slug}, {@code tag} or {@code filename} (that precedence) → {@code {"data":{…}}}.
     * With {@code Accept: application/octet-stream} (and not JSON) the raw bytes instead.
     */
    @Get(uris = {V2, INTERNAL}, produces = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_OCTET_STREAM})
    @Operation(summary = "Newest file by slug, tag or filename, with its contents")
    public HttpResponse<?> show(HttpRequest<?> request, @PathVariable("environment_slug") String environment,
                                @Nullable @QueryValue String slug, @Nullable @QueryValue String tag,
                                @Nullable @QueryValue String filename) {
        FileRow row = service.find(environment, FileSelector.of(slug, tag, filename, true));
        String accept = request.getHeaders().get(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains(MediaType.APPLICATION_OCTET_STREAM) && !accept.contains("json")) {
            return raw(row);
        }
        byte[] json = FileJson.one(new FileJson.Item(row, service.contents(row)));
        return HttpResponse.ok(json).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    /** The newest matching file's exact bytes, {@code application/octet-stream} with {@code Content-Length}. */
    @Get(uris = {V2 + "/raw", INTERNAL + "/raw"}, produces = MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Download the exact bytes of the newest file by slug, tag or filename")
    public HttpResponse<ByteBody> download(@PathVariable("environment_slug") String environment,
                                               @Nullable @QueryValue String slug, @Nullable @QueryValue String tag,
                                               @Nullable @QueryValue String filename) {
        return raw(service.find(environment, FileSelector.of(slug, tag, filename, true)));
    }

    /** Replaces the contents of the file selected by {@code slug} or {@code tag} (query or form) → 200. */
    @Put(uris = {V2, INTERNAL}, consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a file's contents (multipart file, optional new tag)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = ReplaceForm.class)))
    public HttpResponse<byte[]> put(@PathVariable("environment_slug") String environment,
                                    @Nullable @QueryValue String slug, @Nullable @QueryValue String tag,
                                    HttpRequest<?> request) {
        return replace(environment, slug, tag, request);
    }

    /** Same as PUT. */
    @Patch(uris = {V2, INTERNAL}, consumes = MediaType.MULTIPART_FORM_DATA, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a file's contents (multipart file, optional new tag)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA,
            schema = @Schema(implementation = ReplaceForm.class)))
    public HttpResponse<byte[]> patch(@PathVariable("environment_slug") String environment,
                                      @Nullable @QueryValue String slug, @Nullable @QueryValue String tag,
                                      HttpRequest<?> request) {
        return replace(environment, slug, tag, request);
    }

    /** Deletes the newest file selected by {@code slug} or {@code tag} (query, form or JSON body) → 200, empty. */
    @Delete(uris = {V2, INTERNAL}, consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @Operation(summary = "Delete a file by slug or tag (query, form or JSON body {\"tag\":…})")
    public HttpResponse<Void> delete(@PathVariable("environment_slug") String environment,
                                     @Nullable @QueryValue String slug, @Nullable @QueryValue String tag,
                                     @Nullable @Body Map<String, Object> body) {
        String s = slug != null ? slug : text(body, "slug");
        String t = tag != null ? tag : text(body, "tag");
        service.delete(environment, FileSelector.of(s, t, null, false));
        return HttpResponse.ok();
    }

    /**
     * The upload form of one file (documentation only: the route reads the body as it arrives).
     *
     * @param file the file; its part's file name is the stored file name
     * @param tag  its tag, unique per environment (an upload with a tag in use replaces that file)
     */
    @Schema(name = "FileUploadForm")
    record UploadForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
                      String file,
                      @Schema(requiredMode = Schema.RequiredMode.REQUIRED) String tag) {
    }

    /**
     * The replace form (documentation only).
     *
     * @param file the new contents; its part's file name, when given, becomes the file name
     * @param slug the file to replace, when not in the query
     * @param tag  the file to replace when neither query nor form names a slug; else its new tag
     */
    @Schema(name = "FileReplaceForm")
    record ReplaceForm(@Schema(type = "string", format = "binary", requiredMode = Schema.RequiredMode.REQUIRED)
                       String file, @Nullable String slug, @Nullable String tag) {
    }

    private HttpResponse<byte[]> replace(String environment, String slug, String tag, HttpRequest<?> request) {
        FileUploads.Replaced replaced;
        try (MultipartStream form = forms.open(request)) {
            replaced = uploads.replace(environment, slug, tag, form);
        }
        return HttpResponse.ok(FileJson.one(new FileJson.Item(replaced.row(), replaced.contents())))
                .contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private HttpResponse<ByteBody> raw(FileRow row) {
        StoredObject object = service.open(row);
        return responses.ok(object, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename*=UTF-8''"
                        + URLEncoder.encode(row.filename(), StandardCharsets.UTF_8).replace("+", "%20"));
    }

    private static String text(@Nullable Map<String, Object> body, String name) {
        Object v = body == null ? null : body.get(name);
        return v == null ? null : String.valueOf(v);
    }

    private static String prefix(HttpRequest<?> request) {
        return request.getPath().startsWith("/api/internal") ? "/api/internal" : "/api/v2/datacoves";
    }
}
