package io.modelproxy.translate;


/** A {@code data:<media type>;base64,<data>} URI, split; the form OpenAI dialects inline media in. */
public record MediaSource(String mediaType, String base64) {

    /** True for a data URI (any encoding). */
    public static boolean isDataUri(String url) {
        return url != null && url.regionMatches(true, 0, "data:", 0, 5);
    }

    /** Parses a base64 data URI; a 400 naming {@code field} when it is not one. */
    public static MediaSource parse(String uri, String field) throws TranslationException {
        int comma = uri.indexOf(',');
        String header = comma < 0 ? "" : uri.substring(5, comma);
        if (comma < 0 || !header.endsWith(";base64")) {
            throw new TranslationException(ApiError.invalidRequest(
                    "only base64 data URIs are supported in " + field, field));
        }
        String mediaType = header.substring(0, header.length() - ";base64".length());
        int param = mediaType.indexOf(';');
        if (param >= 0) {
            mediaType = mediaType.substring(0, param);
        }
        return new MediaSource(mediaType.toLowerCase(java.util.Locale.ROOT), uri.substring(comma + 1));
    }

    public String toUri() {
        return "data:" + mediaType + ";base64," + base64;
    }
}
