package io.modelproxy.manifest;

import java.util.Locale;
import java.util.StringJoiner;

/**
 * One thing wrong (or worth knowing) about a set of manifests, found while reading or compiling them.
 *
 * <p>Reading and compiling report the same type, so {@code model-proxy validate} lists both and the
 * operator can turn any of them into a status condition ({@link #reason()}) on the object it names.
 *
 * @param severity ERROR blocks the GatewayConfig; WARNING does not
 * @param reason machine-readable cause, used as a Kubernetes condition reason
 * @param file the source file, or {@code namespace/Kind/name} for objects read from a cluster; null if none
 * @param kind the object's kind, null when the object could not be identified
 * @param name the object's metadata.name, null when unknown
 * @param field where in the object, e.g. {@code spec.routes[0].provider}, or {@code document 2} for a
 *     document that could not be identified; null for the object as a whole
 * @param message what is wrong, for a human; never contains a key value
 */
public record Problem(
        Severity severity, Reason reason, String file, String kind, String name, String field, String message) {

    /** How bad a problem is. */
    public enum Severity { ERROR, WARNING }

    /** The cause of a problem, stable across releases: the operator writes it into status conditions. */
    public enum Reason {
        /** A file or document that is not valid YAML/JSON, or does not bind to its kind's type. */
        InvalidManifest,
        /** A kind in the modelproxy.io group that does not exist. */
        UnknownKind,
        /** A modelproxy.io apiVersion other than the one this build understands. */
        UnsupportedVersion,
        /** A field the CRD schema rejects: missing, out of range, not matching its pattern, unknown. */
        InvalidField,
        /** Two objects of the same kind with the same name. */
        DuplicateResource,
        /** A route names a Provider that does not exist. */
        ProviderNotFound,
        /** A reference to a Secret that does not exist. */
        SecretNotFound,
        /** A reference to a key that the Secret does not hold. */
        SecretKeyMissing,
        /** A ${VAR} in a Secret's stringData is not set; that key is left out. */
        UnsetVariable,
        /** A key reference resolves to no key at all. */
        NoKeys,
        /** Fallbacks (and difficulty targets) that lead back to where they started. */
        FallbackCycle,
        /** A fallback, difficulty target or classifier model naming a model name or alias that no LogicalModel has. */
        FallbackNotFound,
        /** Two LogicalModels with the same client-facing name. */
        DuplicateModelName,
        /** An alias that is already another model's name or alias. */
        DuplicateAlias,
        /** A reference to an object left out for being invalid; the reference is dropped. */
        ReferenceHeldBack,
        /** A model left with no route the gateway can use. */
        NoUsableRoute,
        /** The ModelGateway asked for does not exist. */
        GatewayNotFound,
        /** Several ModelGateways and none chosen. */
        AmbiguousGateway,
        /** Rate limits on several replicas without shared state: each replica enforces its own budget. */
        PerReplicaState
    }

    public static Problem error(Reason reason, String file, String kind, String name, String field, String message) {
        return new Problem(Severity.ERROR, reason, file, kind, name, field, message);
    }

    public static Problem warning(Reason reason, String file, String kind, String name, String field, String message) {
        return new Problem(Severity.WARNING, reason, file, kind, name, field, message);
    }

    /** The same problem as an error, for callers that treat warnings as errors ({@code validate --strict}). */
    public Problem asError() {
        return new Problem(Severity.ERROR, reason, file, kind, name, field, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file: Kind/name: field: what is wrong}, leaving out the parts that are unknown. */
    public String display() {
        StringJoiner line = new StringJoiner(": ");
        if (file != null) {
            line.add(file);
        }
        if (kind != null || name != null) {
            line.add((kind == null ? "?" : kind) + "/" + (name == null ? "?" : name));
        }
        if (field != null) {
            line.add(field);
        }
        return line.add(message).toString();
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase(Locale.ROOT) + ": " + display();
    }
}
