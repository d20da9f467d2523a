package io.modelproxy.admin.bench;

import com.linecorp.armeria.common.HttpResponse;

/**
 * Sends a prompt through the gateway the admin belongs to, as a client would, and streams the
 * gateway's answer back unchanged (Server-Sent Events in the chosen dialect).
 */
public interface TestBench {

    /**
     * @param dialect {@code chat}, {@code responses} or {@code messages}
     * @param clientKey the gateway client key the user gave for this request; null to use the bench's own
     */
    HttpResponse send(String model, String dialect, String prompt, String clientKey);
}
