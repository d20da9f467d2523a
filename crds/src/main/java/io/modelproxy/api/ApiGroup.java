package io.modelproxy.api;

/** The API group and version shared by every Model Proxy custom resource. */
public final class ApiGroup {
    public static final String GROUP = "modelproxy.io";
    public static final String VERSION = "v1alpha1";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    private ApiGroup() {}
}
