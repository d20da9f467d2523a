package io.modelproxy.admin.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelproxy.admin.bundle.ManifestBundles;
import io.modelproxy.admin.store.ManifestShape;
import io.modelproxy.admin.web.AdminErrorBody;
import io.modelproxy.bundle.ExportResult;
import io.modelproxy.bundle.Note;
import java.util.List;
import java.util.Locale;

/** What the admin answers about an import (its plan or its result) and about an export that has notes. */
final class BundleReports {
    private BundleReports() {
    }

    static ObjectNode imported(ManifestBundles.Import result, boolean dryRun) {
        ObjectNode body = ManifestShape.JSON.createObjectNode()
                .put("dryRun", dryRun)
                .put("format", result.format().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("applicable", result.applicable());
        ArrayNode objects = body.putArray("objects");
        result.objects().forEach(o -> objects.addObject().put("kind", o.kind().kind()).put("name", o.name())
                .put("action", o.action()).put("yaml", ManifestShape.yaml(o.manifest())));
        ArrayNode keys = body.putArray("keys");
        result.keys().forEach(k -> keys.addObject().put("secret", k.secret()).put("key", k.key())
                .put("variable", k.variable()).put("action", k.action().name().toLowerCase(Locale.ROOT)));
        notes(body, result.notes());
        body.set("problems", AdminErrorBody.problems(result.problems()));
        return body;
    }

    /** The notes only: what a bundle cannot hold, or why there is no bundle. */
    static ObjectNode exported(ExportResult exported) {
        ObjectNode body = ManifestShape.JSON.createObjectNode().put("exportable", !exported.hasErrors());
        notes(body, exported.notes());
        return body;
    }

    private static void notes(ObjectNode body, List<Note> notes) {
        ArrayNode array = body.putArray("notes");
        notes.forEach(n -> array.addObject()
                .put("level", n.level().name().toLowerCase(Locale.ROOT)).put("message", n.display()));
    }
}
