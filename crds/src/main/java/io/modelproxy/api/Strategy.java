package io.modelproxy.api;

/** How a LogicalModel picks among its routes. */
public enum Strategy {
    /** Try routes in the order they are listed. */
    Ordered,
    /** Pick the first route at random by weight, then try the others by descending weight. */
    Weighted
}
