package com.datacoves.jade.storage;

import com.datacoves.jade.support.DatacovesVerifyStub;
import com.datacoves.jade.support.JadeServerProcess;
import com.datacoves.jade.support.TestDatabases;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.multipart.MultipartBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Jade started by {@code jade serve} from the env file a Datacoves cluster gives the original Jade (every variable its
 * runtime configuration reads, including the ones Jade does not need, and no {@code STORAGE_ADAPTER}): it starts,
 * keeps the objects in MinIO (the original default), and a Datacoves-issued token uploads a file there. (The test
 * harness replaces {@code PORT} with a free port.)
 */
class ElixirEnvFileTest {

    @RegisterExtension
    static final S3ProxyServer MINIO = new S3ProxyServer();

    @Test
    @Timeout(180)
    void startsFromAnElixirEnvFileAndStoresInMinioByDefault() throws Exception {
        Map<String, Object> databases = TestDatabases.fresh();
        String prefix = String.valueOf(databases.get("jade.test.database-prefix"));
        URI db = URI.create(TestDatabases.postgresUrl(prefix + "jade").replace("postgres://", "http://"));
        String[] credentials = db.getUserInfo().split(":", 2);
        MinioClient minio = MinioClient.builder().endpoint(MINIO.uri().toString())
                .credentials(S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY).build();
        minio.makeBucket(MakeBucketArgs.builder().bucket("jade-elixir").build());

        try (DatacovesVerifyStub datacoves = new DatacovesVerifyStub()) {
            datacoves.token("airflow-upload-token", """
                    {"permissions":["acme:dev123|workbench:airflow|write"],"account_ids":[1],"accounts":["acme"],
                     "project_ids":[],"projects":[],"environment_ids":[1],"environments":["dev123"]}""");
            Map<String, String> values = new HashMap<>();
            values.put("DB_HOST", db.getHost());
            values.put("DB_PORT", String.valueOf(db.getPort()));
            values.put("DB_USER", credentials[0]);
            values.put("DB_PASS", credentials.length > 1 ? credentials[1] : "");
            values.put("DB_NAME", prefix + "jade");
            values.put("DATACOVES_DB_NAME", prefix + "datacoves");
            values.put("DATACOVES_VERIFY_URL", datacoves.url());
            values.put("MINIO_URL", MINIO.uri().toString());
            values.put("MINIO_ACCESS_KEY", S3ProxyServer.ACCESS_KEY);
            values.put("MINIO_SECRET_KEY", S3ProxyServer.SECRET_KEY);
            Map<String, String> env = envFile(values);
            assertTrue(!env.containsKey("STORAGE_ADAPTER"), "the file must leave the adapter to the default");

            try (JadeServerProcess jade = JadeServerProcess.start(env, List.of());
                 HttpClient http = HttpClient.create(jade.uri("/").toURL())) {
                MultipartBody body = MultipartBody.builder()
                        .addPart("file", "run_results.json", MediaType.APPLICATION_JSON_TYPE,
                                "{\"results\": []}".getBytes(StandardCharsets.UTF_8))
                        .addPart("tag", "elixir-env").build();
                HttpResponse<String> created = http.toBlocking().exchange(
                        HttpRequest.POST("/api/v2/datacoves/environments/dev123/files", body)
                                .contentType(MediaType.MULTIPART_FORM_DATA_TYPE)
                                .header("Authorization", "Token airflow-upload-token"), String.class);
                assertEquals(201, created.code());
                List<String> keys = new ArrayList<>();
                for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket("jade-elixir")
                        .recursive(true).build())) {
                    keys.add(item.get().objectName());
                }
                assertEquals(1, keys.size(), "one object in MinIO: " + keys);
                assertTrue(keys.get(0).startsWith("environments/dev123/files/") && keys.get(0).endsWith("/run_results.json"), keys.get(0));
            }
        }
    }

    /** The env file with its {@code {{NAME}}} placeholders filled; comments and blank lines skipped. */
    private static Map<String, String> envFile(Map<String, String> values) throws Exception {
        Map<String, String> env = new HashMap<>();
        try (InputStream in = ElixirEnvFileTest.class.getResourceAsStream("/elixir/runtime.env")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String value = line.substring(eq + 1);
                for (Map.Entry<String, String> v : values.entrySet()) {
                    value = value.replace("{{" + v.getKey() + "}}", v.getValue());
                }
                env.put(line.substring(0, eq), value);
            }
        }
        return env;
    }
}
