package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator found when it resolved a Provider. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProviderStatus extends ResourceStatus {
    @JsonPropertyDescription("Number of API keys the Provider's Secret references resolved to.")
    private Integer keys;

    public Integer getKeys() {
        return keys;
    }

    public void setKeys(Integer keys) {
        this.keys = keys;
    }
}
