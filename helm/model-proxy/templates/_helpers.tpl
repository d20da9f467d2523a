{{/* Names are DNS labels: 63 characters at most. */}}
{{- define "model-proxy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The prefix of every object name: the release name, unless it already contains the chart name. */}}
{{- define "model-proxy.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "model-proxy.operatorName" -}}
{{- printf "%s-operator" (include "model-proxy.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "model-proxy.serviceAccountName" -}}
{{- if .Values.operator.serviceAccount.create }}
{{- default (include "model-proxy.operatorName" .) .Values.operator.serviceAccount.name }}
{{- else }}
{{- required "operator.serviceAccount.name is required when operator.serviceAccount.create is false" .Values.operator.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "model-proxy.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/part-of: model-proxy
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "model-proxy.operatorSelectorLabels" -}}
app.kubernetes.io/name: {{ include "model-proxy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: operator
{{- end }}

{{- define "model-proxy.operatorLabels" -}}
{{ include "model-proxy.labels" . }}
{{ include "model-proxy.operatorSelectorLabels" . }}
{{- end }}

{{- define "model-proxy.operatorImage" -}}
{{- printf "%s:%s" .Values.operator.image.repository (default .Chart.AppVersion .Values.operator.image.tag) }}
{{- end }}

{{/* The operator's GATEWAY_IMAGE: by default the gateway image released with this operator. */}}
{{- define "model-proxy.gatewayImage" -}}
{{- printf "%s:%s" .Values.gateway.image.repository (default .Chart.AppVersion .Values.gateway.image.tag) }}
{{- end }}

{{- define "model-proxy.defaultGatewayName" -}}
{{- default (include "model-proxy.fullname" .) .Values.defaultGateway.name }}
{{- end }}

{{- define "model-proxy.defaultGatewayNamespace" -}}
{{- default .Release.Namespace .Values.defaultGateway.namespace }}
{{- end }}

{{/*
The operator's access in a namespace it watches, and nothing more. The chart's tests run the operator
against a mock API server and check both ways: every request it makes is allowed by these rules, and
every rule was used (or is listed there with the reason it cannot be observed).
*/}}
{{- define "model-proxy.operatorRules" -}}
# Providers, LogicalModels and ModelGateways: informers, then status patches (conditions).
- apiGroups: [modelproxy.io]
  resources: [providers, logicalmodels, modelgateways]
  verbs: [list, watch]
- apiGroups: [modelproxy.io]
  resources: [providers/status, logicalmodels/status, modelgateways/status]
  verbs: [patch]
# What a ModelGateway owns carries blockOwnerDeletion, which the OwnerReferencesPermissionEnforcement
# admission plugin allows only to who may update the owner's finalizers.
- apiGroups: [modelproxy.io]
  resources: [modelgateways/finalizers]
  verbs: [update]
# Key Secrets: read from the informer's cache, mounted into the gateway pods by name.
- apiGroups: [""]
  resources: [secrets]
  verbs: [list, watch]
# The gateway's ConfigMap, Service and Deployment: created and updated, removed by garbage collection.
- apiGroups: [""]
  resources: [configmaps, services]
  verbs: [list, watch, create, update]
- apiGroups: [apps]
  resources: [deployments]
  verbs: [list, watch, create, update]
# The PodDisruptionBudget is also deleted when a gateway goes down to one replica.
- apiGroups: [policy]
  resources: [poddisruptionbudgets]
  verbs: [list, watch, create, update, delete]
# One Event per condition change.
- apiGroups: [""]
  resources: [events]
  verbs: [create]
{{- end }}

{{- define "model-proxy.adminName" -}}
{{- printf "%s-admin" (include "model-proxy.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "model-proxy.adminNamespace" -}}
{{- default .Release.Namespace .Values.admin.namespace }}
{{- end }}

{{- define "model-proxy.adminServiceAccountName" -}}
{{- default (include "model-proxy.adminName" .) .Values.admin.serviceAccount.name }}
{{- end }}

{{- define "model-proxy.adminSelectorLabels" -}}
app.kubernetes.io/name: {{ include "model-proxy.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: admin
{{- end }}

{{- define "model-proxy.adminLabels" -}}
{{ include "model-proxy.labels" . }}
{{ include "model-proxy.adminSelectorLabels" . }}
{{- end }}

{{/*
The admin's access in its namespace, and nothing more. The chart's tests run the admin against a mock
API server and check both ways, as for the operator. Server-side apply is a patch; the API server
authorizes the apply that creates an object as create. The admin never reads Secrets: without
manageSecrets it has no access to them at all.
*/}}
{{- define "model-proxy.adminRules" -}}
# Providers, LogicalModels and ModelGateways: listed and read (with their status), applied, deleted.
- apiGroups: [modelproxy.io]
  resources: [providers, logicalmodels, modelgateways]
  verbs: [get, list, create, patch, delete]
{{- if .Values.admin.manageSecrets }}
# Keys set and rotated from the UI: one entry of a Secret applied, never read back.
- apiGroups: [""]
  resources: [secrets]
  verbs: [create, patch]
{{- end }}
{{- end }}
