package io.modelproxy.admin.bundle;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Conversion between other proxies' config files (Model-Proxy bundles and configs, LiteLLM and
 * python-llm-proxy {@code config.yaml}) and our manifests. Implemented by the crds converters.
 */
public interface ManifestBundles {

    /**
     * Reads an uploaded file into manifests.
     *
     * @throws IllegalArgumentException with a message for the user when the file is not a known format
     */
    Conversion read(String fileName, byte[] content);

    /** Every manifest as one Model-Proxy bundle file. */
    byte[] bundle(List<ObjectNode> manifests);

    /** The media type and file name of {@link #bundle}. */
    String bundleFileName();

    /**
     * @param manifests Providers, LogicalModels and ModelGateways (Secrets are not imported: keys are set separately)
     * @param warnings fields of the source that have no equivalent and were left out
     */
    record Conversion(List<ObjectNode> manifests, List<String> warnings) {
        public Conversion {
            manifests = List.copyOf(manifests);
            warnings = List.copyOf(warnings);
        }
    }
}
