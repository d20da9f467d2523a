package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Where a set of keys comes from: a Secret reference. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretSource(
        @Required
        @JsonPropertyDescription("The Secret holding the keys (one key, or every key of the Secret).")
        SecretKeyRef secretRef) {}
