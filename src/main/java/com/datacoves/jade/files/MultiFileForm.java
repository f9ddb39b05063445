package com.datacoves.jade.files;

import com.datacoves.jade.common.JadeException;
import com.datacoves.jade.common.UnprocessableException;
import com.datacoves.jade.http.MultipartForm;
import io.micronaut.http.multipart.CompletedFileUpload;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the multi-file form of Datacoves' Airflow provider: parts {@code files[i][file]} (upload) and
 * {@code files[i][tag]} (plain field), {@code i} a number; indexes may have gaps. Entries come in index order.
 */
final class MultiFileForm {

    private static final Pattern NAME = Pattern.compile("^files\\[(\\d{1,9})]\\[(file|tag)]$");

    private MultiFileForm() {
    }

    /**
     * @throws JadeException 422 naming the field when an entry lacks its file or tag, or when there is no file at all
     */
    static List<FileService.NewFile> entries(MultipartForm form) {
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
            CompletedFileUpload file = form.file("files[" + i + "][file]");
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
        Matcher m = NAME.matcher(name);
        if (m.matches()) {
            indexes.add(Integer.parseInt(m.group(1)));
        }
    }
}
