package io.modelproxy.config;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.modelproxy.api.LogicalModel;
import io.modelproxy.api.ModelGateway;
import io.modelproxy.api.ModelGatewaySpec;
import io.modelproxy.api.SecretSource;
import io.modelproxy.manifest.Manifest;
import io.modelproxy.manifest.Problem;
import io.modelproxy.manifest.Problem.Reason;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Picks the ModelGateway to compile, matches its model selector and resolves its settings. */
final class GatewayCompiler {
    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");

    private GatewayCompiler() {}

    /**
     * The named ModelGateway; without a name, the only one, or none (standalone defaults). A missing
     * name or a choice that cannot be made is an error.
     */
    static Optional<Manifest<ModelGateway>> choose(Map<String, Manifest<ModelGateway>> gateways, String name,
            List<Problem> problems) {
        if (name != null) {
            Manifest<ModelGateway> gateway = gateways.get(name);
            if (gateway == null) {
                problems.add(Problem.error(Reason.GatewayNotFound, null, ModelGateway.KIND, name, null,
                        "not found" + (gateways.isEmpty() ? "; no ModelGateway is defined"
                                : "; ModelGateways defined: " + String.join(", ", gateways.keySet()))));
            }
            return Optional.ofNullable(gateway);
        }
        if (gateways.size() > 1) {
            problems.add(Problem.error(Reason.AmbiguousGateway, null, ModelGateway.KIND, null, null,
                    gateways.size() + " ModelGateways are defined (" + String.join(", ", gateways.keySet())
                            + "); name the one to compile"));
            return Optional.empty();
        }
        return gateways.values().stream().findFirst();
    }

    /** The gateway's settings; client keys that resolve to nothing are an error, so a gateway never opens by mistake. */
    static GatewaySettings settings(Manifest<ModelGateway> gateway, SecretRefResolver keys, List<Problem> problems) {
        ModelGatewaySpec spec = gateway.object().getSpec();
        if (spec == null) {
            return new GatewaySettings(gateway.name(), List.of(), List.of(), null, null,
                    GatewaySettings.DEFAULT_CONTEXT_WINDOW, GatewaySettings.DEFAULT_MAX_REQUEST_BYTES, true);
        }
        checkSelector(gateway, spec.modelSelector(), "spec.modelSelector", problems);
        List<KeyRef> clientKeys = List.of();
        if (spec.clientKeys() != null) {
            Optional<List<KeyRef>> refs = keys.resolve(gateway, spec.clientKeys(), "spec.clientKeys", problems);
            clientKeys = refs.orElse(List.of());
            if (refs.isPresent() && clientKeys.isEmpty()) {
                problems.add(Problem.error(Reason.NoKeys, gateway.file(), gateway.kind(), gateway.name(),
                        "spec.clientKeys", "no client key is set (the keys it references are unset or empty);"
                                + " the gateway would accept requests without a key"));
            }
        }
        ModelGatewaySpec.RateLimits limits = spec.rateLimits();
        GatewaySettings settings = new GatewaySettings(
                gateway.name(),
                clientKeys,
                spec.cors() == null ? List.of() : spec.cors().origins(),
                limits == null ? null : limits.requestsPerMinute(),
                limits == null ? null : limits.tokensPerMinute(),
                ConfigDefaults.orDefault(spec.defaultContextWindow(), GatewaySettings.DEFAULT_CONTEXT_WINDOW),
                spec.maxRequestBytes() == null ? GatewaySettings.DEFAULT_MAX_REQUEST_BYTES : spec.maxRequestBytes(),
                spec.requestLogging() == null || spec.requestLogging().enabled() == null
                        || spec.requestLogging().enabled(),
                limits == null ? Map.of() : rateLimits(limits.clients()),
                limits == null ? Map.of() : rateLimits(limits.models()),
                sharedState(gateway, spec.sharedState(), keys, problems),
                List.of(),
                requestLog(spec.requestLogging()),
                spec.metrics() == null || spec.metrics().enabled() == null || spec.metrics().enabled(),
                spec.passthrough() == null ? null : spec.passthrough().provider());
        checkClientLimits(gateway, settings, problems);
        if (settings.rateLimited() && settings.sharedState() == null && spec.replicas() != null && spec.replicas() > 1) {
            problems.add(Problem.warning(Reason.PerReplicaState, gateway.file(), gateway.kind(), gateway.name(),
                    "spec.sharedState", spec.replicas() + " replicas with rate limits and no shared state: each replica"
                            + " keeps its own budget, so a client gets up to " + spec.replicas() + " times its limit"
                            + " and a key cooled down on one replica is still tried by the others;"
                            + " set spec.sharedState.redis"));
        }
        return settings;
    }

    private static Map<String, RateLimit> rateLimits(Map<String, ModelGatewaySpec.Limit> limits) {
        Map<String, RateLimit> compiled = new LinkedHashMap<>();
        if (limits != null) {
            limits.forEach((name, limit) -> compiled.put(name, limit == null ? new RateLimit(null, null)
                    : new RateLimit(limit.requestsPerMinute(), limit.tokensPerMinute())));
        }
        return compiled;
    }

    /** An override for a client no key names would silently limit nobody. */
    private static void checkClientLimits(Manifest<ModelGateway> gateway, GatewaySettings settings, List<Problem> problems) {
        if (settings.clientKeys().isEmpty()) {
            return;
        }
        settings.clientRateLimits().keySet().stream().sorted()
                .filter(client -> settings.clientKeys().stream().noneMatch(ref -> ref.key().equals(client)))
                .forEach(client -> problems.add(Problem.warning(Reason.InvalidField, gateway.file(), gateway.kind(),
                        gateway.name(), "spec.rateLimits.clients." + client, "no client key is named " + client
                                + " (clients: " + String.join(", ", settings.clientKeys().stream().map(KeyRef::key)
                                .sorted().toList()) + "); this override limits nobody")));
    }

    private static RequestLogSettings requestLog(ModelGatewaySpec.RequestLogging logging) {
        if (logging == null) {
            return RequestLogSettings.defaults();
        }
        return new RequestLogSettings(logging.format(), logging.file(),
                logging.maxFileBytes() == null ? 0 : logging.maxFileBytes(), logging.sqlite(),
                Boolean.TRUE.equals(logging.bodies()));
    }

    private static SharedStateSettings sharedState(Manifest<ModelGateway> gateway, ModelGatewaySpec.SharedState shared,
            SecretRefResolver keys, List<Problem> problems) {
        if (shared == null) {
            return null;
        }
        ModelGatewaySpec.Redis redis = shared.redis();
        if (redis == null || redis.url() == null) {
            problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                    "spec.sharedState.redis", "required: Redis is the only shared state store"));
            return null;
        }
        try {
            URI uri = new URI(redis.url());
            if (uri.getHost() == null) {
                throw new URISyntaxException(redis.url(), "no host");
            }
            if (uri.getUserInfo() != null && uri.getUserInfo().contains(":")) {
                problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                        "spec.sharedState.redis.url", "holds a password; put it in a Secret and name it in"
                                + " spec.sharedState.redis.passwordSecretRef (the URL is written to a ConfigMap)"));
                return null;
            }
        } catch (URISyntaxException e) {
            problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                    "spec.sharedState.redis.url", "not a redis://host:port URL"));
            return null;
        }
        KeyRef password = null;
        if (redis.passwordSecretRef() != null) {
            String field = "spec.sharedState.redis.passwordSecretRef";
            if (redis.passwordSecretRef().key() == null) {
                problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                        field + ".key", "required: the entry of the Secret that holds the password"));
                return null;
            }
            Optional<List<KeyRef>> refs = keys.resolve(gateway, new SecretSource(redis.passwordSecretRef()), field,
                    problems);
            if (refs.isEmpty()) {
                return null;
            }
            if (refs.get().isEmpty()) {
                problems.add(Problem.error(Reason.NoKeys, gateway.file(), gateway.kind(), gateway.name(), field,
                        "the Redis password is not set"));
                return null;
            }
            password = refs.get().getFirst();
        }
        String prefix = redis.keyPrefix() == null ? "modelproxy:" + gateway.name() + ":" : redis.keyPrefix();
        return new SharedStateSettings(redis.url(), password, prefix, shared.failureMode());
    }

    /** The label-selector rules the API server applies to built-in selectors; a CRD schema cannot state them. */
    static void checkSelector(Manifest<ModelGateway> gateway, LabelSelector selector, String at, List<Problem> problems) {
        if (selector == null || selector.getMatchExpressions() == null) {
            return;
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        for (int i = 0; i < expressions.size(); i++) {
            LabelSelectorRequirement expression = expressions.get(i);
            String field = at + ".matchExpressions[" + i + "]";
            List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
            String message = null;
            if (expression.getKey() == null || expression.getKey().isEmpty()) {
                field += ".key";
                message = "required but missing";
            } else if (!OPERATORS.contains(expression.getOperator())) {
                field += ".operator";
                message = "must be one of " + String.join(", ", OPERATORS);
            } else if (expression.getOperator().equals("In") || expression.getOperator().equals("NotIn")) {
                if (values.isEmpty()) {
                    field += ".values";
                    message = "must not be empty for operator " + expression.getOperator();
                }
            } else if (!values.isEmpty()) {
                field += ".values";
                message = "must be empty for operator " + expression.getOperator();
            }
            if (message != null) {
                problems.add(Problem.error(Reason.InvalidField, gateway.file(), gateway.kind(), gateway.name(),
                        field, message));
            }
        }
    }

    /** Whether the gateway serves this model: its selector matches the model's labels (no selector: all). */
    static boolean selects(Manifest<ModelGateway> gateway, Manifest<LogicalModel> model) {
        ModelGatewaySpec spec = gateway.object().getSpec();
        return selects(spec == null ? null : spec.modelSelector(), model);
    }

    /** Whether a label selector matches the model's labels; no selector matches every model. */
    static boolean selects(LabelSelector selector, Manifest<LogicalModel> model) {
        if (selector == null) {
            return true;
        }
        Map<String, String> labels = model.object().getMetadata().getLabels() == null
                ? Map.of() : model.object().getMetadata().getLabels();
        if (selector.getMatchLabels() != null && !selector.getMatchLabels().entrySet().stream()
                .allMatch(label -> label.getValue().equals(labels.get(label.getKey())))) {
            return false;
        }
        return selector.getMatchExpressions() == null || selector.getMatchExpressions().stream()
                .allMatch(expression -> matches(expression, labels));
    }

    private static boolean matches(LabelSelectorRequirement expression, Map<String, String> labels) {
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        String value = labels.get(expression.getKey());
        return switch (String.valueOf(expression.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(expression.getKey());
            case "DoesNotExist" -> !labels.containsKey(expression.getKey());
            default -> false;
        };
    }
}
