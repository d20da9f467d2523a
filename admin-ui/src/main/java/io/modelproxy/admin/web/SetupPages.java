package io.modelproxy.admin.web;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.file.FileService;

/** The admin UI's built files (the {@code setup/} folder of this jar), served at {@code /setup/}. */
public final class SetupPages {
    private SetupPages() {}

    public static HttpService service() {
        return FileService.builder(SetupPages.class.getClassLoader(), "setup")
                .serveCompressedFiles(false)
                .autoIndex(false)
                .build();
    }
}
