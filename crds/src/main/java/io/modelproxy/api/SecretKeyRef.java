package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to a Secret in the same namespace, optionally to one key of it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretKeyRef(
        @Required
        @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
        @JsonPropertyDescription("Name of the Secret, in the same namespace.")
        String name,
        @JsonPropertyDescription("One key of the Secret. When omitted, every key of the Secret is used, in key order.")
        String key) {}
