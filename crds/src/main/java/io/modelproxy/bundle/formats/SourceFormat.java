package io.modelproxy.bundle.formats;

import io.modelproxy.bundle.ImportOptions;
import io.modelproxy.bundle.ImportResult;
import io.modelproxy.bundle.litellm.LiteLlmImport;
import io.modelproxy.bundle.modelproxy.ModelProxyImport;
import io.modelproxy.bundle.pythonllmproxy.PythonLlmProxyImport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The formats {@code model-proxy import} reads, and how one is recognised: the one class that knows every
 * format's package, so it sits above them (they build on {@code io.modelproxy.bundle}, never on it).
 */
public enum SourceFormat {
    /** The original Model-Proxy: bundle JSON, or its config directory. */
    MODEL_PROXY,
    /** LiteLLM proxy {@code config.yaml}. */
    LITELLM,
    /** python-llm-proxy {@code config.yaml}. */
    PYTHON_LLM_PROXY;

    /** A format by its command-line name ({@code model-proxy}, {@code litellm}, {@code python-llm-proxy}). */
    public static SourceFormat of(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "model-proxy" -> MODEL_PROXY;
            case "litellm" -> LITELLM;
            case "python-llm-proxy" -> PYTHON_LLM_PROXY;
            default -> throw new IllegalArgumentException("unknown format " + name
                    + " (expected model-proxy, litellm or python-llm-proxy)");
        };
    }

    /**
     * Recognises a source: a directory or a JSON file is Model-Proxy's; YAML with {@code model_list} is
     * LiteLLM's; YAML whose models carry {@code frontend_model_name} is python-llm-proxy's.
     *
     * @throws IllegalArgumentException if it is none of them
     */
    public static SourceFormat detect(Path source) throws IOException {
        if (Files.isDirectory(source)) {
            return MODEL_PROXY;
        }
        try {
            return detect(source.toString(), Files.readString(source));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (give --from)", e);
        }
    }

    /**
     * Recognises one file's content (e.g. an upload to the admin UI) the way {@link #detect(Path)} does.
     *
     * @throws IllegalArgumentException if it is none of the formats
     */
    public static SourceFormat detect(String file, String text) {
        if (file.toLowerCase(Locale.ROOT).endsWith(".json") || text.stripLeading().startsWith("{")) {
            return MODEL_PROXY;
        }
        if (text.lines().anyMatch(l -> l.startsWith("model_list:"))) {
            return LITELLM;
        }
        if (text.contains("frontend_model_name")) {
            return PYTHON_LLM_PROXY;
        }
        throw new IllegalArgumentException(file + ": not a Model-Proxy, LiteLLM or python-llm-proxy config");
    }

    /** Imports {@code source} (a file, or a Model-Proxy config directory) in this format. */
    public ImportResult read(Path source, ImportOptions options) throws IOException {
        if (this == MODEL_PROXY && Files.isDirectory(source)) {
            return ModelProxyImport.readDirectory(source, options);
        }
        return read(source.toString(), Files.readString(source), options);
    }

    /** Imports one file's content, e.g. an upload to the admin UI. */
    public ImportResult read(String file, String content, ImportOptions options) {
        return switch (this) {
            case MODEL_PROXY -> ModelProxyImport.readBundle(file, content, options);
            case LITELLM -> LiteLlmImport.read(file, content, options);
            case PYTHON_LLM_PROXY -> PythonLlmProxyImport.read(file, content, options);
        };
    }
}
