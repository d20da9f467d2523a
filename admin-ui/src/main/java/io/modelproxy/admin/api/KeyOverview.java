package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.admin.activity.KeyStatus;
import io.modelproxy.admin.activity.KeyStatusSource;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.store.ManifestStore;
import io.modelproxy.admin.store.ObjectKind;
import io.modelproxy.admin.store.StoredObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every key the Providers name, with the digest of its stored value and, from a running gateway, its live
 * state; a key the Secret does not hold is {@code missing}, one without a live state {@code unknown}.
 */
final class KeyOverview {
    private final ManifestStore store;
    private final Optional<KeyStatusSource> keyStatuses;

    KeyOverview(ManifestStore store, Optional<KeyStatusSource> keyStatuses) {
        this.store = store;
        this.keyStatuses = keyStatuses;
    }

    boolean hasLiveStates() {
        return keyStatuses.isPresent();
    }

    ObjectNode body() {
        Map<String, Map<String, String>> digests = store.keyDigests();
        List<KeyStatus> states = keyStatuses.map(KeyStatusSource::statuses).orElse(List.of());
        ArrayNode keys = ManifestShape.JSON.createArrayNode();
        for (StoredObject provider : store.list(ObjectKind.PROVIDERS)) {
            for (JsonNode source : provider.manifest().path("spec").path("apiKeys")) {
                String secret = source.path("secretRef").path("name").asText(null);
                String key = source.path("secretRef").path("key").asText(null);
                if (secret == null) {
                    continue;
                }
                Map<String, String> known = digests.getOrDefault(secret, Map.of());
                List<String> names = key != null ? List.of(key)
                        : known.isEmpty() ? Collections.singletonList(null) : List.copyOf(known.keySet());
                for (String name : names) {
                    ObjectNode entry = keys.addObject()
                            .put("provider", provider.name())
                            .put("secret", secret)
                            .put("key", name)
                            .put("digest", name == null ? null : known.get(name));
                    states.stream()
                            .filter(s -> s.provider().equals(provider.name()) && s.secret().equals(secret)
                                    && (name == null || name.equals(s.key())))
                            .findFirst()
                            .ifPresentOrElse(state -> entry
                                            .put("state", state.state())
                                            .put("until", state.until() == null ? null : state.until().toString())
                                            .put("reason", state.reason()),
                                    () -> entry.put("state", name != null && !known.containsKey(name) && !known.isEmpty()
                                            ? "missing" : "unknown"));
                }
            }
        }
        ObjectNode body = ManifestShape.JSON.createObjectNode();
        body.set("keys", keys);
        body.put("liveStates", hasLiveStates());
        return body;
    }
}
