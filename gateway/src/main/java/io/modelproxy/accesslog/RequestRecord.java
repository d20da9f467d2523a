package io.modelproxy.accesslog;

/**
 * What the access log line tells about one API request, filled in as the request goes: the model it
 * asked for, the route and number of attempts, whether it streamed. Written on the request's event
 * loop, read once the response is done.
 */
public final class RequestRecord {
    private volatile String client = "-";
    private volatile String model = "-";
    private volatile String route = "-";
    private volatile int attempts;
    private volatile boolean stream;
    private volatile long bytesIn;

    public void client(String client) {
        this.client = client;
    }

    public void request(String model, boolean stream, long bytesIn) {
        this.model = model;
        this.stream = stream;
        this.bytesIn = bytesIn;
    }

    public void attempt(String route, int attempts) {
        this.route = route;
        this.attempts = attempts;
    }

    /** The fields of the access log line, after the request line and before the status. */
    public String describe() {
        return "client=" + client + " model=" + model + " route=" + route + " attempts=" + attempts
                + " stream=" + stream + " bytes_in=" + bytesIn;
    }
}
