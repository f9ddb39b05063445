package com.datacoves.jade.files;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.http.MultipartStream;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Receives the environment file forms part by part, in the order the client sent them (docs/datacoves-api.md): each
 * file part's bytes go to storage as they arrive ({@link FileService#store}), plain fields are kept (within
 * {@link MultipartStream}'s field budget), and the rows are written once the whole form is read. Two shapes:
 * <ul>
 *   <li>one file: {@code file} (upload) and {@code tag};</li>
 *   <li>several (Datacoves' Airflow provider): {@code files[i][file]} and {@code files[i][tag]}, {@code i} a number,
 *       gaps allowed, entries in index order.</li>
 * </ul>
 * The first part of each name wins; file parts under other names are skipped unread. Whatever fails, nothing is left
 * behind: stored objects are removed before the error is answered.
 */
@Singleton
public class FileUploads {

    private static final Pattern ENTRY = Pattern.compile("^files\\[(\\d{1,9})]\\[(file|tag)]$");

    private final FileService service;

    public FileUploads(FileService service) {
        this.service = service;
    }

    /** A whole form: plain fields by name and stored files by field name, in the order they came. */
    private record Form(Map<String, String> fields, Map<String, FileService.StoredFile> files) {
        @Nullable
        String field(String name) {
            String v = fields.get(name);
            return v == null || v.isBlank() ? null : v;
        }
    }

    /**
     * The rows an upload created, with the contents its answer inlines (read back before the rows were recorded).
     *
     * @param rows     the new rows, in form order
     * @param contents each row's contents, in the same order
     * @param single   true for the one-file shape ({@code file}, {@code tag}), answered as one object
     */
    public record Created(List<FileRow> rows, List<FileContents> contents, boolean single) {
    }

    /**
     * A replaced file and the contents its answer inlines.
     *
     * @param row      the updated row
     * @param contents its new contents
     */
    public record Replaced(FileRow row, FileContents contents) {
    }

    /**
     * Stores a new file or several (all or nothing).
     *
     * @return the rows, in form order, and which shape the form had
     * @throws JadeException 422 naming a missing {@code file}/{@code tag} (or {@code files[i][…]}), a bad tag or file
     *                       name; 400 for a malformed form; 413 above the size limit
     * @throws com.datacoves.jade.storage.StorageException when the store fails
     */
    public Created create(String environmentSlug, MultipartStream body) {
        return withForm(environmentSlug, body, form -> {
            if (form.files().containsKey("file") || form.field("tag") != null && form.files().isEmpty()) {
                FileService.StoredFile file = form.files().get("file");
                if (file == null) {
                    throw new UnprocessableException("file can't be blank");
                }
                FileContents contents = service.answerContents(file);
                return new Created(service.create(environmentSlug,
                        List.of(new FileService.NewFile(form.field("tag"), file))), List.of(contents), true);
            }
            List<FileService.NewFile> entries = entries(form);
            List<FileContents> contents = new ArrayList<>();
            for (FileService.NewFile entry : entries) {
                contents.add(service.answerContents(entry.file()));
            }
            return new Created(service.create(environmentSlug, entries), contents, false);
        });
    }

    /**
     * Replaces the contents of the file chosen by {@code slug} or {@code tag} (query first, else form fields).
     *
     * @return the updated row and its contents (read back before the row was changed)
     * @throws JadeException 404 when no file matches; 422 when {@code file} is missing; as {@link #create} otherwise
     */
    public Replaced replace(String environmentSlug, @Nullable String slug, @Nullable String tag, MultipartStream body) {
        return withForm(environmentSlug, body, form -> {
            boolean inQuery = slug != null && !slug.isEmpty() || tag != null && !tag.isEmpty();
            FileSelector selector = inQuery ? FileSelector.of(slug, tag, null, false)
                    : FileSelector.of(form.field("slug"), form.field("tag"), null, false);
            FileService.StoredFile file = form.files().get("file");
            if (file == null) {
                throw new UnprocessableException("file can't be blank");
            }
            String newTag = inQuery || selector.kind() == FileSelector.Kind.SLUG ? form.field("tag") : null;
            FileContents contents = service.answerContents(file);
            return new Replaced(service.replace(environmentSlug, selector, file, newTag), contents);
        });
    }

    /** Reads the form (storing its files), then records it; stored files are removed when anything fails. */
    private <T> T withForm(String environmentSlug, MultipartStream body, Function<Form, T> recorder) {
        Map<String, String> fields = new HashMap<>();
        Map<String, FileService.StoredFile> files = new LinkedHashMap<>();
        boolean recorded = false;
        try {
            for (MultipartStream.Part part; (part = body.next()) != null; ) {
                if (part.filename() == null) {
                    fields.putIfAbsent(part.name(), part.text());
                } else if (isFileField(part.name()) && !files.containsKey(part.name())) {
                    files.put(part.name(), store(environmentSlug, part));
                }
            }
            T result = recorder.apply(new Form(fields, files));
            recorded = true;
            return result;
        } finally {
            if (!recorded) {
                files.values().forEach(service::discard);
            }
        }
    }

    /**
     * Stores one file part; when the request body failed under the store (the client went away, a malformed form, a
     * body slower than the minimum rate), that is the answer (400/408/413), not the store's failure (503).
     */
    private FileService.StoredFile store(String environmentSlug, MultipartStream.Part part) {
        return part.consume(in -> service.store(environmentSlug, part.filename(), part.contentType(), in));
    }

    private static boolean isFileField(String name) {
        if (name.equals("file")) {
            return true;
        }
        Matcher m = ENTRY.matcher(name);
        return m.matches() && m.group(2).equals("file");
    }

    /**
     * The entries of the several-files shape, in index order.
     *
     * @throws JadeException 422 naming the field when an entry lacks its file or tag, or when there is no entry
     */
    private static List<FileService.NewFile> entries(Form form) {
        TreeSet<Integer> indexes = new TreeSet<>();
        for (String name : form.fields().keySet()) {
            index(name, indexes);
        }
        for (String name : form.files().keySet()) {
            index(name, indexes);
        }
        if (indexes.isEmpty()) {
            throw new UnprocessableException("file can't be blank");
        }
        List<FileService.NewFile> out = new ArrayList<>();
        for (int i : indexes) {
            FileService.StoredFile file = form.files().get("files[" + i + "][file]");
            if (file == null) {
                throw new UnprocessableException("files[" + i + "][file] can't be blank");
            }
            String tag = form.field("files[" + i + "][tag]");
            if (tag == null) {
                throw new UnprocessableException("files[" + i + "][tag] can't be blank");
            }
            out.add(new FileService.NewFile(tag, file));
        }
        return out;
    }

    private static void index(String name, TreeSet<Integer> indexes) {
        Matcher m = ENTRY.matcher(name);
        if (m.matches()) {
            indexes.add(Integer.parseInt(m.group(1)));
        }
    }
}
