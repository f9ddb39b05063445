package com.datacoves.jade.manifests;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.auth.AccessGuard;
import com.datacoves.jade.auth.Caller;
import com.datacoves.jade.common.TextInput;
import com.datacoves.jade.http.MultipartStream;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Receives a manifest upload (multipart {@code file}, {@code environment_slug}, optional {@code dag_id},
 * {@code run_id}, {@code tag}) part by part, in the order the client sent them, and drives {@link ManifestService}.
 *
 * <ul>
 *   <li><b>Fields before the file</b> (Python requests — dbt-coves, Datacoves' Airflow operator — sends
 *       {@code data} before {@code files}; curl keeps the {@code -F} order): access, DAG run (404) and tag (422) are checked before
 *       the file is read, then the file part's bytes flow once, as they arrive, through validation into the store.
 *       </li>
 *   <li><b>File before {@code environment_slug}</b>: the key is not known yet, so the part is validated into a
 *       private temporary file ({@link SpooledManifest}) and stored from it once the fields are read.</li>
 *   <li><b>{@code dag_id} or {@code run_id} after the file</b>: the target is decided again with all fields; when it
 *       changed (now linked to a DAG run), the stored object is moved to the new key.</li>
 * </ul>
 * The first part of each name wins; file parts under other names are skipped. Whatever fails, nothing is left
 * behind: an object already stored is removed before the error is answered.
 */
@Singleton
public class ManifestUploads {

    static final String FILE = "file";
    static final String ENVIRONMENT = "environment_slug";
    static final String DAG_ID = "dag_id";
    static final String RUN_ID = "run_id";
    static final String TAG = "tag";

    private final ManifestService service;
    private final AccessGuard guard;

    public ManifestUploads(ManifestService service, AccessGuard guard) {
        this.service = service;
        this.guard = guard;
    }

    /** An upload whose bytes are stored, waiting for its row. */
    private record Stored(ManifestService.Upload upload, ManifestService.Target target, ManifestFacts facts) {
    }

    /**
     * Reads the whole form, stores the manifest and records it.
     *
     * @return the new row
     * @throws JadeException 422 for a missing {@code environment_slug} or {@code file}, a taken tag or a file that is
     *                      not a manifest; 413 above the size limit; 403 for another account's environment; 404 for an
     *                      unknown DAG run; 400 for a malformed form or a body cut off
     * @throws com.datacoves.jade.storage.StorageException when the store fails
     */
    public ManifestRow receive(Caller caller, MultipartStream form) {
        Map<String, String> fields = new HashMap<>();
        boolean fileSeen = false;
        Stored stored = null;
        SpooledManifest spooled = null;
        boolean recorded = false;
        try {
            for (MultipartStream.Part part; (part = form.next()) != null; ) {
                if (!part.name().equals(FILE)) {
                    if (part.filename() == null) {
                        fields.putIfAbsent(part.name(), part.text());
                    }
                } else if (!fileSeen) {
                    fileSeen = true;
                    if (field(fields, ENVIRONMENT) == null) {
                        spooled = part.consume(in -> SpooledManifest.of(in, service.maxUploadBytes()));
                    } else {
                        ManifestService.Upload upload = upload(caller, fields);
                        ManifestService.Target target = service.target(upload);
                        stored = new Stored(upload, target, part.consume(in -> service.write(target, in)));
                    }
                }
            }
            if (field(fields, ENVIRONMENT) == null) {
                throw new UnprocessableException(ENVIRONMENT + " can't be blank");
            }
            ManifestService.Upload upload = upload(caller, fields);
            if (!fileSeen) {
                throw new UnprocessableException(FILE + " can't be blank");
            }
            ManifestRow row = stored == null ? storeSpooled(upload, spooled) : complete(stored, upload);
            recorded = true;
            return row;
        } finally {
            if (stored != null && !recorded) {
                service.discard(stored.target());
            }
            if (spooled != null) {
                spooled.close();
            }
        }
    }

    private ManifestRow storeSpooled(ManifestService.Upload upload, SpooledManifest spooled) {
        ManifestService.Target target = service.target(upload);
        return service.record(upload, target, service.write(target, spooled));
    }

    /** Records a streamed upload, first moving it when fields that came after the file changed its target. */
    private ManifestRow complete(Stored stored, ManifestService.Upload upload) {
        ManifestService.Target target = stored.target();
        if (!Objects.equals(upload.dagId(), stored.upload().dagId())
                || !Objects.equals(upload.runId(), stored.upload().runId())) {
            ManifestService.Target now = service.target(upload, target.slug());
            if (!now.key().equals(target.key())) {
                service.move(target, now);
            }
            target = now;
        }
        return service.record(upload, target, stored.facts());
    }

    private ManifestService.Upload upload(Caller caller, Map<String, String> fields) {
        return new ManifestService.Upload(guard.environment(caller, field(fields, ENVIRONMENT)),
                field(fields, DAG_ID), field(fields, RUN_ID), field(fields, TAG));
    }

    /**
     * The field's value, or null when absent or blank (Jade treats a blank field as missing).
     *
     * @throws com.datacoves.jade.common.InvalidInputException when it holds a NUL or is over 255 characters
     */
    @Nullable
    private static String field(Map<String, String> fields, String name) {
        String v = TextInput.name(name, fields.get(name));
        return v == null || v.isBlank() ? null : v;
    }
}
