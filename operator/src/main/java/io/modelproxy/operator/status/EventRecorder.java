package io.modelproxy.operator.status;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a core v1 Event for a condition change, so {@code kubectl describe} and
 * {@code kubectl get events} show what the operator concluded and when.
 */
public final class EventRecorder {
    public static final String COMPONENT = "model-proxy-operator";
    private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** Records one Event on {@code resource}: Normal when the condition holds, Warning when it does not. */
    public void conditionChanged(HasMetadata resource, ConditionState state) {
        Instant now = clock.instant();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        String name = resource.getMetadata().getName();
        String namespace = resource.getMetadata().getNamespace();
        String type = state.status() ? "Normal" : "Warning";
        var event = new EventBuilder()
                .withNewMetadata()
                // kubectl's recorder scheme (object name, then the time in hex) plus the condition type,
                // as the two conditions of one reconciliation may change within the same clock tick
                .withName(name + "." + state.type().toLowerCase(Locale.ROOT) + "."
                        + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano()))
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(resource.getApiVersion())
                        .withKind(resource.getKind())
                        .withName(name)
                        .withNamespace(namespace)
                        .withUid(resource.getMetadata().getUid())
                        .withResourceVersion(resource.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(state.reason())
                .withMessage(state.type() + "=" + state.statusText() + ": " + state.message())
                .withFirstTimestamp(time)
                .withLastTimestamp(time)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .build();
        log.info("condition kind={} namespace={} name={} type={} status={} reason={}",
                resource.getKind(), namespace, name, state.type(), state.statusText(), state.reason());
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            // An Event is a courtesy: losing one (RBAC, quota) must not fail the reconciliation.
            log.warn("event not recorded kind={} namespace={} name={} reason={} error={}",
                    resource.getKind(), namespace, name, state.reason(), e.getMessage());
        }
    }
}
