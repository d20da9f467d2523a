package io.modelproxy.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator found when it resolved a LogicalModel. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class LogicalModelStatus extends ResourceStatus {
    @JsonPropertyDescription("Number of routes whose Provider resolved.")
    private Integer routes;

    public Integer getRoutes() {
        return routes;
    }

    public void setRoutes(Integer routes) {
        this.routes = routes;
    }
}
