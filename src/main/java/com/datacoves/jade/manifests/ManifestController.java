package com.datacoves.jade.manifests;

import com.datacoves.jade.auth.AccessGuard;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.environments.EnvironmentRow;
import com.datacoves.jade.http.ApiException;
import com.datacoves.jade.http.MultipartForm;
import com.datacoves.jade.storage.StoredObject;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestAttribute;
import io.micronaut.http.multipart.CompletedFileUpload;
import io.micronaut.http.server.multipart.MultipartBody;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.util.Optional;

/**
 * Jade's manifest routes (CONTRACT §5, issue #5), under {@code /api/v2/datacoves/} and {@code /api/internal/}.
 * Errors: {@code {"errors":{"message":…}}}; 422 for a bad upload, 413 above the size limit, 404 {@code Not Found}.
 */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "Datacoves: manifests")
public class ManifestController {

    private final ManifestService service;
    private final ManifestStreams streams;
    private final AccessGuard guard;

    public ManifestController(ManifestService service, ManifestStreams streams, AccessGuard guard) {
        this.service = service;
        this.streams = streams;
        this.guard = guard;
    }

    /**
     * Upload (multipart: {@code file}, {@code environment_slug}, optional {@code dag_id}, {@code run_id}, {@code tag})
     * → 201 {@code "ok"}. With dag_id+run_id the manifest is linked to that DAG run (404 when absent); with run_id
     * alone it is linked when exactly one DAG run of the environment has that run_id.
     */
    @Post(uris = {"/api/v2/datacoves/manifests", "/api/internal/manifests"}, consumes = MediaType.MULTIPART_FORM_DATA,
            produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload a dbt manifest (multipart file, environment_slug, optional dag_id, run_id, tag)")
    public HttpResponse<String> create(@RequestAttribute(Caller.ATTRIBUTE) Caller caller, @Body MultipartBody body) {
        MultipartForm form = MultipartForm.collect(body);
        String slug = form.field("environment_slug");
        if (slug == null) {
            throw ApiException.unprocessable("environment_slug can't be blank");
        }
        EnvironmentRow env = guard.environment(caller, slug);
        CompletedFileUpload file = form.file("file");
        if (file == null) {
            throw ApiException.unprocessable("file can't be blank");
        }
        service.create(new ManifestService.Upload(env, file, form.field("dag_id"), form.field("run_id"),
                form.field("tag")));
        return HttpResponse.<String>status(HttpStatus.CREATED).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body("\"ok\"");
    }

    /**
     * The environment's manifest: newest of a DAG ({@code dag_id}, scoped to the environment), the one with
     * {@code tag}, or the newest; trimmed to {@code {"metadata","nodes"}} unless {@code trimmed=false}.
     */
    @Get(uris = {"/api/v2/datacoves/manifests", "/api/internal/manifests"}, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "A manifest of an environment (latest, by dag_id or by tag), trimmed unless trimmed=false")
    public HttpResponse<StreamedFile> show(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                           @Nullable @QueryValue("environment_slug") String environmentSlug,
                                           @Nullable @QueryValue("dag_id") String dagId,
                                           @Nullable @QueryValue String tag, @Nullable @QueryValue String trimmed) {
        if (environmentSlug == null || environmentSlug.isEmpty()) {
            throw ApiException.badRequest("environment_slug is required");
        }
        EnvironmentRow env = guard.environment(caller, environmentSlug);
        return answer(service.find(env, blankToNull(dagId), blankToNull(tag)), trimmed);
    }

    /** The project's newest manifest, trimmed unless {@code trimmed=false}. */
    @Get(uris = {"/api/v2/datacoves/projects/{project_slug}/latest-manifest",
            "/api/internal/projects/{project_slug}/latest-manifest"}, produces = MediaType.APPLICATION_JSON)
    @Operation(summary = "The project's newest manifest, trimmed unless trimmed=false")
    public HttpResponse<StreamedFile> latestOfProject(@RequestAttribute(Caller.ATTRIBUTE) Caller caller,
                                                      @PathVariable("project_slug") String projectSlug,
                                                      @Nullable @QueryValue String trimmed) {
        long projectId = guard.project(caller, projectSlug).id();
        return answer(service.latestInProject(projectId), trimmed);
    }

    private HttpResponse<StreamedFile> answer(Optional<ManifestRow> row, @Nullable String trimmed) {
        StoredObject object = service.open(row.orElseThrow(ApiException::notFound));
        boolean full = "false".equalsIgnoreCase(trimmed);
        StreamedFile file = full ? streams.full(object) : streams.trimmed(object);
        return HttpResponse.ok(file).contentType(MediaType.APPLICATION_JSON_TYPE);
    }

    private static String blankToNull(@Nullable String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
