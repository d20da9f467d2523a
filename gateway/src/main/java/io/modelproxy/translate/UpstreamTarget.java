package io.modelproxy.translate;

/**
 * What a translation needs to know about the route a request goes to.
 *
 * @param clientModel the logical model id the client asked for; responses carry it
 * @param upstreamModel the model id sent upstream
 * @param defaultMaxTokens output cap for upstreams that require one when the client sets none
 * @param maxOutputTokens the upstream model's known output limit, or null; caps are clamped to it
 */
public record UpstreamTarget(String clientModel, String upstreamModel, int defaultMaxTokens, Integer maxOutputTokens) {}
