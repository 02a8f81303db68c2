{{/*
Selector labels of a component (api, frontend, postgres): the labels Deployments, the
StatefulSet, Services, PodDisruptionBudgets and NetworkPolicies select pods by. A Deployment's
selector is immutable, so these never include anything that changes between upgrades (no chart
version, no release revision).
Usage: include "gitops-lab.selectorLabels" "api"
*/}}
{{- define "gitops-lab.selectorLabels" -}}
app.kubernetes.io/name: {{ . }}
app.kubernetes.io/part-of: gitops-lab
{{- end }}

{{/*
Labels of every object and pod of a component: its selector labels, the release, and who manages
it. Usage: include "gitops-lab.labels" (dict "root" $ "component" "api")
*/}}
{{- define "gitops-lab.labels" -}}
{{ include "gitops-lab.selectorLabels" .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
{{- end }}

{{/*
Labels of the objects that belong to no single component (Ingress, NetworkPolicies).
*/}}
{{- define "gitops-lab.sharedLabels" -}}
app.kubernetes.io/part-of: gitops-lab
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/*
Argo CD sync wave, for when Argo CD renders this chart: lower waves are applied (and healthy)
first. Plain Helm ignores the annotation. Usage: include "gitops-lab.syncWave" "networkPolicy"
*/}}
{{- define "gitops-lab.syncWave" -}}
{{- $waves := dict "networkPolicy" "-2" "serviceAndAlbIngress" "-1" "database" "0" "workload" "1" "clusterIngress" "2" -}}
argocd.argoproj.io/sync-wave: {{ get $waves . | quote }}
{{- end }}

{{/*
"true" when Argo Rollouts delivers the component's pods (apiRollout.enabled; the api only), else
empty: its Deployment then keeps 0 replicas as the Rollout's pod template, and the HPA scales the
Rollout. Usage: include "gitops-lab.deliveredByRollout" (dict "root" $ "component" "api")
*/}}
{{- define "gitops-lab.deliveredByRollout" -}}
{{- if and (eq .component "api") .root.Values.apiRollout.enabled }}true{{ end }}
{{- end }}

{{/*
The image a pod pulls: repository:tag, plus @digest when one is set.
*/}}
{{- define "gitops-lab.image" -}}
{{ .repository }}:{{ .tag }}{{ with .digest }}@{{ . }}{{ end }}
{{- end }}

{{/*
An HTTP probe on the app port. Usage: include "gitops-lab.httpProbe" (list "/healthz" .timing)
*/}}
{{- define "gitops-lab.httpProbe" -}}
{{- $timing := index . 1 -}}
failureThreshold: {{ $timing.failureThreshold }}
httpGet:
  path: {{ index . 0 }}
  port: 8080
  scheme: HTTP
periodSeconds: {{ $timing.periodSeconds }}
successThreshold: 1
timeoutSeconds: {{ $timing.timeoutSeconds }}
{{- end }}

{{/*
The container security context every container gets (Pod Security "restricted").
Usage: include "gitops-lab.containerSecurity" (list .Values.podSecurity.apps .Values.podSecurity)
*/}}
{{- define "gitops-lab.containerSecurity" -}}
{{- $ids := index . 0 -}}
allowPrivilegeEscalation: false
capabilities:
  drop:
    - ALL
privileged: false
readOnlyRootFilesystem: true
runAsGroup: {{ $ids.runAsGroup }}
runAsNonRoot: true
runAsUser: {{ $ids.runAsUser }}
seccompProfile:
  type: {{ (index . 1).seccompProfile }}
{{- end }}

{{/*
The pod security context. Usage: include "gitops-lab.podSecurity" .Values.podSecurity.apps
*/}}
{{- define "gitops-lab.podSecurity" -}}
fsGroup: {{ .fsGroup }}
fsGroupChangePolicy: OnRootMismatch
runAsGroup: {{ .runAsGroup }}
runAsNonRoot: true
runAsUser: {{ .runAsUser }}
{{- end }}
