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

    /** An image part for a URL: its data inline when it is a data URI, else the link; a 400 naming {@code field} for a bad URI. */
    public static Part.Image image(String url, String field) throws TranslationException {
        if (isDataUri(url)) {
            MediaSource m = parse(url, field);
            return new Part.Image(m.mediaType(), m.base64(), null);
        }
        return new Part.Image(null, null, url);
    }

    /** A file part's {@code file_data}: a data URI, or bare base64, which OpenAI's file parts take for a PDF. */
    public static MediaSource fileData(String data, String field) throws TranslationException {
        return isDataUri(data) ? parse(data, field) : new MediaSource("application/pdf", data);
    }

    public String toUri() {
        return "data:" + mediaType + ";base64," + base64;
    }
}
