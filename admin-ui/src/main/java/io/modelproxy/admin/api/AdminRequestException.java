package io.modelproxy.admin.api;

/** A request the admin API cannot take as sent (bad parameter, missing body, unavailable feature). */
final class AdminRequestException extends RuntimeException {
    private final int status;
    private final String field;

    AdminRequestException(int status, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
    }

    static AdminRequestException badRequest(String message, String field) {
        return new AdminRequestException(400, message, field);
    }

    static AdminRequestException notAvailable(String message) {
        return new AdminRequestException(501, message, null);
    }

    int status() {
        return status;
    }

    String field() {
        return field;
    }
}
