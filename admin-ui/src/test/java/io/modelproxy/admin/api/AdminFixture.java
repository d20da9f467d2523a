package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.testing.junit5.server.ServerExtension;
import io.modelproxy.admin.directory.DirectoryStore;
import io.modelproxy.admin.store.ManifestShape;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Manifests for admin tests, and a client that calls the admin API with the admin key. */
public final class AdminFixture {
    public static final String ADMIN_KEY = "admin-key-test-7c1e0b";
    public static final String UPSTREAM_KEY = "sk-test-upstream-key-51f2a9d";

    public static final String PROVIDERS = """
            # Providers of the test: the comment must survive edits of other documents.
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata:
              name: openai
            spec:
              protocol: OpenAIChat
              baseUrl: https://api.openai.com/v1   # a comment inside the document
              apiKeys:
                - secretRef: {name: openai-keys}
            ---
            # the second provider
            apiVersion: modelproxy.io/v1alpha1
            kind: Provider
            metadata:
              name: groq
            spec:
              protocol: OpenAIChat
              baseUrl: https://api.groq.com/openai/v1
              apiKeys:
                - secretRef: {name: openai-keys, key: api-key}
            """;
    public static final String MODELS = """
            apiVersion: modelproxy.io/v1alpha1
            kind: LogicalModel
            metadata:
              name: fast
            spec:
              routes:
                - {provider: groq, model: llama-3.3-70b-versatile}
            """;
    public static final String SECRETS = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: openai-keys
            stringData:
              api-key: %s
            """.formatted(UPSTREAM_KEY);

    private AdminFixture() {}

    /** Mounts an admin over a new temp directory (with the admin key) on {@code sb}; returns the directory. */
    public static Path mountDirectoryAdmin(ServerBuilder sb, String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        AdminService.builder(new DirectoryStore(dir, Map.of())).credential(ADMIN_KEY).build().mountOn(sb);
        return dir;
    }

    /** A server with an admin (and the admin key) over a new temp directory that holds the manifests above. */
    public static final class DirectoryAdmin extends ServerExtension {
        private final String prefix;
        private volatile Path dir;

        public DirectoryAdmin(String prefix) {
            this.prefix = prefix;
        }

        @Override
        protected void configure(ServerBuilder sb) throws IOException {
            dir = mountDirectoryAdmin(sb, prefix);
            writeManifests(dir);
        }

        public Path dir() {
            return dir;
        }
    }

    public static void writeManifests(Path dir) throws IOException {
        Files.writeString(dir.resolve("providers.yaml"), PROVIDERS);
        Files.writeString(dir.resolve("models.yaml"), MODELS);
        Files.writeString(dir.resolve("secrets.yaml"), SECRETS);
    }

    /** A client of one admin server. */
    public record Client(URI base, String key, String origin) {
        public static Client of(URI base) {
            return new Client(base, ADMIN_KEY, null);
        }

        public Client withKey(String key) {
            return new Client(base, key, origin);
        }

        public Client withOrigin(String origin) {
            return new Client(base, key, origin);
        }

        public AggregatedHttpResponse send(HttpMethod method, String path, String json, String... headers) {
            RequestHeadersBuilder builder = RequestHeaders.builder(method, path);
            if (key != null) {
                builder.add("authorization", "Bearer " + key);
            }
            if (origin != null) {
                builder.add("origin", origin);
            }
            for (int i = 0; i < headers.length; i += 2) {
                builder.add(headers[i], headers[i + 1]);
            }
            BlockingWebClient client = WebClient.of(base).blocking();
            if (json == null) {
                return client.execute(builder.build());
            }
            return client.execute(builder.contentType(MediaType.JSON_UTF_8).build(), json);
        }

        public AggregatedHttpResponse get(String path) {
            return send(HttpMethod.GET, path, null);
        }

        public AggregatedHttpResponse put(String path, String json, String... headers) {
            return send(HttpMethod.PUT, path, json, headers);
        }
    }

    public static JsonNode json(AggregatedHttpResponse response) {
        try {
            return ManifestShape.JSON.readTree(response.contentUtf8());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.contentUtf8(), e);
        }
    }
}
