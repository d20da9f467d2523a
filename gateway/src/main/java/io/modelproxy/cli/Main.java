package io.modelproxy.cli;

/** Entry point of the model-proxy command line. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("model-proxy");
    }
}
